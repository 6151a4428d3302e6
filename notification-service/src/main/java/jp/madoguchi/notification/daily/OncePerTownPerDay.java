package jp.madoguchi.notification.daily;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.platform.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A daily job per town (garbage reminders, lunch menus): at the first check after a time of day in Japan, each town
 * not yet done today is handed to the job, and counts as done once the job succeeds; a failure leaves that town to the
 * next check and the other towns unharmed. Which towns were done is kept in memory only, so after a restart the same
 * day is handed over again: the job must make a repeat harmless (the senders' retry keys do).
 */
public final class OncePerTownPerDay {

    private static final Logger log = LoggerFactory.getLogger(OncePerTownPerDay.class);

    private final String job;
    private final Map<TenantId, LocalDate> done = new ConcurrentHashMap<>();

    /** @param job names the job in logs, e.g. {@code garbage-reminders} */
    public OncePerTownPerDay(String job) {
        this.job = job;
    }

    /**
     * Runs {@code work(town, today)} for every town of {@code towns} not yet done today, if {@code now} is past
     * {@code at} in Japan; answers the sum of what the work counted (what was handed over).
     */
    public Mono<Integer> tick(Instant now, LocalTime at, Flux<TenantId> towns, BiFunction<TenantId, LocalDate, Mono<Long>> work) {
        ZonedDateTime local = now.atZone(FiscalYear.JAPAN);
        if (local.toLocalTime().isBefore(at)) {
            return Mono.just(0);
        }
        LocalDate today = local.toLocalDate();
        return towns.filter(t -> !today.equals(done.get(t)))
                .concatMap(town -> work.apply(town, today).defaultIfEmpty(0L)
                        .doOnSuccess(n -> {
                            done.put(town, today);
                            log.info("event={}-handed town={} day={} count={}", job, town.code(), today, n);
                        })
                        .onErrorResume(e -> {
                            log.warn("event={}-failed town={} error={}", job, town.code(), e.toString());
                            return Mono.just(0L);
                        }))
                .reduce(0L, Long::sum).map(Long::intValue);
    }
}
