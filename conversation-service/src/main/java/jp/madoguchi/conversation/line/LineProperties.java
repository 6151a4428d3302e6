package jp.madoguchi.conversation.line;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The LINE settings, under {@code madoguchi.line.*}. Each town's channel is not configured here:
 * it comes from tenant-service's events (see {@code jp.madoguchi.conversation.channel}).
 *
 * @param apiBaseUrl       the Messaging API (https://api.line.me/ in production, the emulator locally)
 * @param maxWebhookBytes  larger webhook bodies are refused with 413 before any parsing
 * @param replyTokenTtl    how long after the webhook event a reply token is still used (LINE: about a minute);
 *                         later, a recorded send goes by push with its retry key
 * @param townQuota        how many events per second (and how many at once) each town has on the inbox's main lane;
 *                         the rest go to the flooded lane (see {@link InboxLanes})
 * @param townQuotas       by town code, a quota other than {@code townQuota} (a city with many more friends than a village)
 * @param floodedRate      at most this many events per second are handled on the flooded lane
 */
@ConfigurationProperties("madoguchi.line")
record LineProperties(URI apiBaseUrl, @DefaultValue("1048576") int maxWebhookBytes,
                             @DefaultValue("50s") Duration replyTokenTtl, @DefaultValue TownQuota townQuota,
                             Map<String, TownQuota> townQuotas, @DefaultValue("100") double floodedRate) {

    public LineProperties {
        townQuotas = townQuotas == null ? Map.of() : Map.copyOf(townQuotas);
    }

    /** Per town on the main lane: {@code perSecond} sustained, {@code burst} at once. */
    public record TownQuota(@DefaultValue("30") double perSecond, @DefaultValue("30") int burst) {
    }
}
