package jp.madoguchi.notification.garbage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import jp.madoguchi.notification.daily.OncePerTownPerDay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hands each town's evening-before reminders to the {@link ReminderSink} once a day, at the first check after
 * {@code madoguchi.garbage.remind-at} (Japan time, {@link OncePerTownPerDay}): after a restart the same reminders are
 * handed over again, and the sink's retry key keeps residents from a second message. Without a sink due reminders are
 * only logged, as counts.
 */
@Component
class GarbageReminderScheduler {

    private static final Logger log = LoggerFactory.getLogger(GarbageReminderScheduler.class);

    private final GarbageStore store;
    private final GarbageReminders reminders;
    private final ObjectProvider<ReminderSink> sinks;
    private final GarbageProperties props;
    private final Clock clock;
    private final OncePerTownPerDay daily = new OncePerTownPerDay("garbage-reminders");

    GarbageReminderScheduler(GarbageStore store, GarbageReminders reminders, ObjectProvider<ReminderSink> sinks, GarbageProperties props,
                             ObjectProvider<Clock> clocks) {
        this.store = store;
        this.reminders = reminders;
        this.sinks = sinks;
        this.props = props;
        this.clock = clocks.getIfUnique(Clock::systemUTC);
    }

    @Scheduled(fixedDelayString = "${madoguchi.garbage.check-every:PT1M}", initialDelayString = "${madoguchi.garbage.check-every:PT1M}")
    void check() {
        tick(clock.instant()).block(Duration.ofMinutes(10));
    }

    /** Hands over the reminders of every town not yet done today, if it is past the reminder time; answers how many. */
    Mono<Integer> tick(Instant now) {
        return daily.tick(now, props.remindAt(), store.towns(), (town, today) -> reminders.due(town, now).flatMapMany(Flux::fromIterable)
                .filter(r -> !r.residentIds().isEmpty())
                .concatMap(r -> hand(r).thenReturn(1))
                .count());
    }

    private Mono<Void> hand(GarbageReminders.Reminder reminder) {
        ReminderSink sink = sinks.getIfAvailable();
        if (sink == null) {
            log.info("event=garbage-reminder-unsent town={} date={} types={} residents={}", reminder.tenant().code(), reminder.date(),
                    reminder.types().size(), reminder.residentIds().size());
            return Mono.empty();
        }
        return sink.send(reminder);
    }

    /** Turns on {@link Scheduled} for this service (harmless if another package does it too). */
    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Scheduling {
    }
}
