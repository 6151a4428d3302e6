package jp.madoguchi.notification.lunch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import jp.madoguchi.notification.daily.OncePerTownPerDay;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends each town's menu of the day once a day, at the first check after {@code madoguchi.lunch.send-at} (Japan time,
 * {@link OncePerTownPerDay}); a day without a menu sends nothing. After a restart the same morning is handed over
 * again, and the sender's retry keys keep residents from a second message. Its clock is the context's {@link Clock}
 * when there is exactly one.
 */
@Component
class LunchMenuScheduler {

    private final LunchStore store;
    private final LunchDeliveries deliveries;
    private final LunchMenuSender sender;
    private final LunchProperties props;
    private final Clock clock;
    private final OncePerTownPerDay daily = new OncePerTownPerDay("lunch-menus");

    LunchMenuScheduler(LunchStore store, LunchDeliveries deliveries, LunchMenuSender sender, LunchProperties props, ObjectProvider<Clock> clocks) {
        this.store = store;
        this.deliveries = deliveries;
        this.sender = sender;
        this.props = props;
        this.clock = clocks.getIfUnique(Clock::systemUTC);
    }

    @Scheduled(fixedDelayString = "${madoguchi.lunch.check-every:PT1M}", initialDelayString = "${madoguchi.lunch.check-every:PT1M}")
    void check() {
        tick(clock.instant()).block(Duration.ofMinutes(10));
    }

    /** Sends the day's menus of every town not yet done today, if it is past the send time; answers how many menus went out. */
    Mono<Integer> tick(Instant now) {
        return daily.tick(now, props.sendAt(), store.towns(), (town, today) -> deliveries.due(town, today).flatMapMany(Flux::fromIterable)
                .filter(d -> !d.residentIds().isEmpty())
                .concatMap(d -> sender.send(d).thenReturn(1))
                .count());
    }
}
