package jp.madoguchi.notification.garbage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import jp.madoguchi.platform.tenancy.TenantId;
import reactor.core.publisher.Mono;

/** Who gets the reminder the evening before a collection: the question the sender asks, whatever sends it. */
interface GarbageReminders {

    /** The resident attribute a resident opts in with, and the value that means yes. */
    String OPT_IN_ATTRIBUTE = "garbageReminder";
    String OPT_IN_VALUE = "yes";
    /** The resident attribute whose value is the district's 地名 in {@code area_days.csv}. */
    String DISTRICT_ATTRIBUTE = "district";

    /**
     * Each district of {@code tenant} with a collection on the day after {@code now} (dates in Japan), with its
     * types and the friends who opted in; a district nobody opted in keeps an empty list. Empty when the town has
     * no calendar.
     */
    Mono<List<Reminder>> due(TenantId tenant, Instant now);

    /**
     * One district's reminder.
     *
     * @param date        the collection day (tomorrow, seen from the evening it is sent)
     * @param residentIds the opted-in friends of the district, in index order
     */
    record Reminder(TenantId tenant, LocalDate date, String district, List<String> types, List<String> residentIds) {

        public Reminder {
            types = List.copyOf(types);
            residentIds = List.copyOf(residentIds);
        }

        /** Names this reminder for good: a sender derives its retry key from it, so a rerun never sends twice. */
        String key() {
            return "garbage:" + tenant.code() + ":" + date + ":" + District.keyOf(district);
        }
    }
}
