package jp.madoguchi.conversation.line;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What the LINE channel keeps, and for how long: every hour it deletes the processed-event markers
 * ({@code line_webhook_event}) and the sent or failed sends ({@code line_outbox}) older than {@link #KEEP}.
 * That is far beyond any redelivery (LINE redelivers within hours, the inbox topic keeps a week) and long
 * enough to answer "was this resident told?" for a month. Pending sends are never deleted.
 */
@Component
class LineRetention {

    static final Duration KEEP = Duration.ofDays(30);
    private static final Logger log = LoggerFactory.getLogger(LineRetention.class);

    /** How many rows one purge deleted. */
    public record Purged(int markers, int sends) {
    }

    private final JdbcTemplate jdbc;
    private final OutboxStore outbox;

    LineRetention(JdbcTemplate jdbc, OutboxStore outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
    public Purged purge() {
        int days = (int) KEEP.toDays();
        int markers = jdbc.update("DELETE FROM line_webhook_event WHERE handled_at < now() - make_interval(days => ?)", days);
        int sends = outbox.purgeDone(days);
        if (markers + sends > 0) {
            log.info("event=line-retention-purged markers={} sends={}", markers, sends);
        }
        return new Purged(markers, sends);
    }
}
