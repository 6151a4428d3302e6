package jp.madoguchi.conversation.line;

import static org.assertj.core.api.Assertions.assertThat;

import jp.madoguchi.conversation.ConversationServiceApplication;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import jp.madoguchi.platform.tenancy.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the LINE channel deletes after 30 days, against the service's PostgreSQL. */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = ConversationServiceApplication.CONFIG_NAME)
class LineRetentionIntegrationTest {

    private static final String TOWN = "014834";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    LineRetention retention;

    @Test
    void markersAndDoneSendsOlderThanThirtyDaysAreDeletedAndNothingElse() {
        String user = LineWebhookBodies.newUserId();
        for (String[] row : new String[][] {{"old-sent", "SENT", "31"}, {"old-failed", "FAILED", "31"}, {"recent-sent", "SENT", "29"},
                {"old-pending", "PENDING", "31"}}) {
            String key = "test:" + row[0] + ":" + user;
            // a pending row must never go, however old: it is due in the future so the sweep leaves it alone here
            jdbc.update("INSERT INTO line_outbox (tenant_id, line_user_id, send_key, retry_key, messages, status, created_at, next_attempt_at) "
                    + "VALUES (?, ?, ?, ?, '[]', ?, now() - make_interval(days => ?), now() + interval '1 hour')", TOWN, user, key,
                    LineOutbox.retryKey(TenantId.of(TOWN), key), row[1], Integer.parseInt(row[2]));
        }
        String oldEvent = LineWebhookBodies.newWebhookEventId();
        String recentEvent = LineWebhookBodies.newWebhookEventId();
        jdbc.update("INSERT INTO line_webhook_event (tenant_id, webhook_event_id, event_type, handled_at) VALUES "
                + "(?, ?, 'message', now() - interval '31 days'), (?, ?, 'message', now() - interval '29 days')", TOWN, oldEvent, TOWN, recentEvent);

        LineRetention.Purged purged = retention.purge();

        assertThat(jdbc.queryForList("SELECT send_key FROM line_outbox WHERE line_user_id = ? ORDER BY id", String.class, user))
                .containsExactly("test:recent-sent:" + user, "test:old-pending:" + user);
        assertThat(jdbc.queryForList("SELECT webhook_event_id FROM line_webhook_event WHERE webhook_event_id IN (?, ?)", String.class,
                oldEvent, recentEvent)).containsExactly(recentEvent);
        assertThat(purged.sends()).isGreaterThanOrEqualTo(2);
        assertThat(purged.markers()).isGreaterThanOrEqualTo(1);
    }
}
