package jp.madoguchi.notification.garbage;

import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Garbage reminders, under {@code madoguchi.garbage.*} ({@code check-every}, how often the scheduler looks whether a
 * town's reminder is due, default {@code PT1M}, is read by {@link GarbageReminderScheduler}'s schedule itself).
 *
 * @param remindAt the time of day in Japan after which the evening-before reminder goes out (default 18:00)
 */
@ConfigurationProperties("madoguchi.garbage")
record GarbageProperties(@DefaultValue("18:00") LocalTime remindAt) {
}
