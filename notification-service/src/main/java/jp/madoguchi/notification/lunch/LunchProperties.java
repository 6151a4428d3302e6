package jp.madoguchi.notification.lunch;

import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lunch menus, under {@code madoguchi.lunch.*} ({@code check-every}, how often the scheduler looks whether a town's
 * menu is due, default {@code PT1M}, is read by {@link LunchMenuScheduler}'s schedule itself).
 *
 * @param sendAt the time of day in Japan after which the day's menu goes out (default 07:00)
 */
@ConfigurationProperties("madoguchi.lunch")
record LunchProperties(@DefaultValue("07:00") LocalTime sendAt) {
}
