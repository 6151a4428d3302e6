package jp.madoguchi.notification.garbage;

import java.time.Duration;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Garbage reminders, under {@code madoguchi.garbage.*}.
 *
 * @param remindAt   the time of day in Japan after which the evening-before reminder goes out (default 18:00)
 * @param checkEvery how often the scheduler looks whether a town's reminder is due (default one minute)
 */
@ConfigurationProperties("madoguchi.garbage")
record GarbageProperties(@DefaultValue("18:00") LocalTime remindAt, @DefaultValue("PT1M") Duration checkEvery) {
}
