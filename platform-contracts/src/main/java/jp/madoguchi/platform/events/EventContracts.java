package jp.madoguchi.platform.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.madoguchi.platform.events.contracts.ApplicationMessagePosted;
import jp.madoguchi.platform.events.contracts.ApplicationStatusChanged;
import jp.madoguchi.platform.events.contracts.ApplicationSubmitted;
import jp.madoguchi.platform.events.contracts.BroadcastSent;
import jp.madoguchi.platform.events.contracts.ConversationAbandoned;
import jp.madoguchi.platform.events.contracts.ConversationCompleted;
import jp.madoguchi.platform.events.contracts.ConversationStarted;
import jp.madoguchi.platform.events.contracts.KpiTargetsSet;
import jp.madoguchi.platform.events.contracts.ProcedurePublished;
import jp.madoguchi.platform.events.contracts.ProcedureRetired;
import jp.madoguchi.platform.events.contracts.ReservationBooked;
import jp.madoguchi.platform.events.contracts.ReservationCancelled;
import jp.madoguchi.platform.events.contracts.ReservationDayOpened;
import jp.madoguchi.platform.events.contracts.ReservationNoShowMarked;
import jp.madoguchi.platform.events.contracts.ResidentAttributesChanged;
import jp.madoguchi.platform.events.contracts.ResidentFollowed;
import jp.madoguchi.platform.events.contracts.ResidentUnfollowed;
import jp.madoguchi.platform.events.contracts.TenantChannelConfigured;
import jp.madoguchi.platform.events.contracts.TenantDistrictsSet;
import jp.madoguchi.platform.events.contracts.TenantOnboarded;
import jp.madoguchi.platform.events.contracts.TenantReactivated;
import jp.madoguchi.platform.events.contracts.TenantSuspended;
import jp.madoguchi.platform.events.contracts.TemplateImported;
import jp.madoguchi.platform.events.contracts.TemplatePublished;

/** Every published integration event, by wire type and version. A new contract is added here. */
final class EventContracts {

    public static final List<Class<? extends Record>> ALL = List.of(
            ResidentFollowed.class,
            ResidentUnfollowed.class,
            ConversationStarted.class,
            ApplicationSubmitted.class,
            BroadcastSent.class,
            KpiTargetsSet.class,
            TenantOnboarded.class,
            TenantSuspended.class,
            TenantReactivated.class,
            TenantChannelConfigured.class,
            ConversationCompleted.class,
            ProcedurePublished.class,
            ProcedureRetired.class,
            ConversationAbandoned.class,
            ApplicationStatusChanged.class,
            ApplicationMessagePosted.class,
            TemplatePublished.class,
            TemplateImported.class,
            ResidentAttributesChanged.class,
            TenantDistrictsSet.class,
            ReservationDayOpened.class,
            ReservationBooked.class,
            ReservationCancelled.class,
            ReservationNoShowMarked.class);

    private static final Map<String, Class<? extends Record>> BY_KEY = new HashMap<>();

    static {
        for (Class<? extends Record> contract : ALL) {
            EventContract c = annotationOf(contract);
            if (BY_KEY.put(key(c.type(), c.version()), contract) != null) {
                throw new IllegalStateException("two contracts named " + c.type() + " v" + c.version());
            }
        }
    }

    private EventContracts() {
    }

    public static Optional<Class<? extends Record>> lookup(String type, int version) {
        return Optional.ofNullable(BY_KEY.get(key(type, version)));
    }

    public static EventContract annotationOf(Class<?> contract) {
        EventContract c = contract.getAnnotation(EventContract.class);
        if (c == null) {
            throw new IllegalArgumentException(contract.getName() + " is not an @EventContract");
        }
        return c;
    }

    private static String key(String type, int version) {
        return type + "/v" + version;
    }
}
