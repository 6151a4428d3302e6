package jp.madoguchi.conversation.reservation;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The reservation settings, under {@code madoguchi.reservations.*}.
 *
 * @param remindAt        when the reminder goes out the day before a booking (Asia/Tokyo), unless the town or the
 *                        resource ({@link ResourceSchedule#remindAt()}) says otherwise
 * @param townRemindAt    by town code, a time other than {@code remindAt}
 * @param reminderSweep   how often due reminders are looked for
 * @param publicBaseUrl   where residents reach this service from outside (the calendar links in chat)
 */
@ConfigurationProperties("madoguchi.reservations")
record ReservationProperties(@DefaultValue("18:00") LocalTime remindAt, Map<String, LocalTime> townRemindAt,
                             @DefaultValue("30s") Duration reminderSweep, @DefaultValue("http://localhost:8082") URI publicBaseUrl) {

    ReservationProperties {
        townRemindAt = townRemindAt == null ? Map.of() : Map.copyOf(townRemindAt);
    }

    /** The resource's own time, else the town's, else the default. */
    LocalTime remindAt(String tenantId, ResourceSchedule schedule) {
        if (schedule != null && schedule.remindAt() != null) {
            return schedule.remindAt();
        }
        return townRemindAt.getOrDefault(tenantId, remindAt);
    }
}
