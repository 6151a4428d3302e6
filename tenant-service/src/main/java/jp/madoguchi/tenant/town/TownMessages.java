package jp.madoguchi.tenant.town;

import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands and events of the Town aggregate; a town is named by its tenant code. */
public final class TownMessages {

    private TownMessages() {
    }

    public record OnboardTown(@TargetAggregateIdentifier String tenantId, String name, String nameKana, String prefecture,
                              long population) {
    }

    public record SetKpiTargets(@TargetAggregateIdentifier String tenantId, int fiscalYear, long friends, long broadcasts,
                                long applications, double satisfaction) {
    }

    public record TownOnboarded(String tenantId, String name, String nameKana, String prefecture, long population) {
    }

    public record KpiTargetsSet(String tenantId, int fiscalYear, long friends, long broadcasts, long applications,
                                double satisfaction) {
    }

    // --- settings: LINE channel, districts, features ---------------------------------------------

    /**
     * The channel's credentials arrive sealed (see {@code SecretBox}): the controller seals them before
     * building the command, so plain text never reaches the event store or Kafka.
     */
    public record ConfigureLineChannel(@TargetAggregateIdentifier String tenantId, String channelId, String sealedChannelSecret,
                                       String sealedAccessToken, String fingerprint, Instant at) {
        @Override
        public String toString() {
            return "ConfigureLineChannel[tenantId=" + tenantId + ", channelId=" + channelId + ", fingerprint=" + fingerprint + "]";
        }
    }

    public record LineChannelConfigured(String tenantId, String channelId, String sealedChannelSecret, String sealedAccessToken,
                                        String fingerprint, Instant at) {
        @Override
        public String toString() {
            return "LineChannelConfigured[tenantId=" + tenantId + ", channelId=" + channelId + ", fingerprint=" + fingerprint + "]";
        }
    }

    /** A 地区 residents choose from (e.g. for the garbage calendar): a short code and its name. */
    public record District(String code, String name) {
    }

    public record SetDistricts(@TargetAggregateIdentifier String tenantId, List<District> districts) {
    }

    public record DistrictsSet(String tenantId, List<District> districts) {
    }

    public record SetFeatures(@TargetAggregateIdentifier String tenantId, List<String> features) {
    }

    public record FeaturesSet(String tenantId, List<String> features) {
    }

    // --- operator: suspension --------------------------------------------------------------------

    public record SuspendTown(@TargetAggregateIdentifier String tenantId, String reason, Instant at) {
    }

    public record TownSuspended(String tenantId, String reason, Instant at) {
    }

    public record ReactivateTown(@TargetAggregateIdentifier String tenantId, Instant at) {
    }

    public record TownReactivated(String tenantId, Instant at) {
    }
}
