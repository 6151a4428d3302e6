package jp.madoguchi.conversation.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import io.micrometer.core.instrument.MeterRegistry;
import jp.madoguchi.conversation.ConversationServiceApplication;
import jp.madoguchi.conversation.LineTown;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A LINE event that can never be handled is parked, not retried forever: the partition moves on, the resident
 * is told once to send it again, the operator sees it and replays it after the fault is fixed, and it is then
 * handled exactly once. A database that is briefly gone parks nothing and loses nothing. The fault is real: a
 * PostgreSQL trigger that refuses the marker of one event, as a bug in the handling would.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = ConversationServiceApplication.CONFIG_NAME)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LineInboxParkingIntegrationTest {

    private static final String TOWN = "014885";
    private static final String SECRET = "demo-channel-secret-014885";

    @Autowired
    WebTestClient http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    @Test
    @Order(1)
    void aRecordThatCanNeverBeHandledIsParkedTheResidentIsToldOnceAndAReplayAfterTheFixHandlesItOnce() throws Exception {
        publishTown();
        LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();
        jdbc.execute("CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN "
                + "IF NEW.webhook_event_id LIKE 'POISON%' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
        jdbc.execute("DROP TRIGGER IF EXISTS refuse_poison ON line_webhook_event");
        jdbc.execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON line_webhook_event FOR EACH ROW EXECUTE FUNCTION refuse_poison()");
        try {
            String user = LineWebhookBodies.newUserId();
            String poison = "POISON" + LineWebhookBodies.newWebhookEventId().substring(6);
            // same resident, so same key and partition: the second event waits behind the first
            post(text(user, line.issueReplyToken(user), poison, "こんにちは"), text(user, line.issueReplyToken(user),
                    LineWebhookBodies.newWebhookEventId(), "メニュー"));

            await().atMost(Duration.ofSeconds(20)).until(() -> line.deliveriesTo(user).size() >= 2);
            List<String> texts = line.deliveriesTo(user).stream().flatMap(d -> d.texts().stream()).toList();
            assertThat(texts).filteredOn(LineAnswers.APOLOGY::equals).hasSize(1);
            assertThat(texts).as("the next event on the partition was answered").anySatisfy(t -> assertThat(t).contains("手続き"));

            JsonNode parked = parked();
            assertThat(parked).hasSize(1);
            JsonNode event = parked.get(0);
            assertThat(event.path("consumer").asText()).isEqualTo(LineInbox.GROUP);
            assertThat(event.path("tenantId").asText()).isEqualTo(TOWN);
            assertThat(event.path("eventId").asText()).isEqualTo(poison);
            assertThat(event.path("errorClass").asText()).isNotBlank();
            assertThat(event.toString()).as("no personal data in the listing").doesNotContain(user).doesNotContain("こんにちは");
            assertThat(parkedCount()).isEqualTo(1.0);

            // the fault is fixed; the operator replays it: handled once, the resident gets its answer once
            jdbc.execute("DROP TRIGGER refuse_poison ON line_webhook_event");
            String id = event.path("id").asText();
            http.post().uri("/api/operator/parked-events/" + id + "/replay").header("Authorization", operator()).exchange()
                    .expectStatus().isOk();
            await().atMost(Duration.ofSeconds(20)).until(() -> line.deliveriesTo(user).size() >= 3);
            http.post().uri("/api/operator/parked-events/" + id + "/replay").header("Authorization", operator()).exchange()
                    .expectStatus().isEqualTo(409);
            Thread.sleep(3000);
            assertThat(line.deliveriesTo(user)).hasSize(3);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM line_webhook_event WHERE webhook_event_id = ?", Long.class, poison)).isEqualTo(1);
        } finally {
            jdbc.execute("DROP TRIGGER IF EXISTS refuse_poison ON line_webhook_event");
        }
    }

    @Test
    @Order(2)
    void withPostgresGoneFor20sNothingIsParkedAndNothingIsLost() throws Exception {
        publishTown();
        LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();
        double parkedBefore = parkedCount();
        List<String> users = List.of(LineWebhookBodies.newUserId(), LineWebhookBodies.newUserId(), LineWebhookBodies.newUserId());
        Thread outage = new Thread(() -> {
            try {
                EmbeddedPlatformExtension.platform().postgres().outage(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        outage.start();
        Thread.sleep(1000);
        // the webhook needs only Kafka: every event is acknowledged while the database is away
        for (String user : users) {
            post(text(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), "メニュー"));
        }
        outage.join();
        await().atMost(Duration.ofSeconds(90)).until(() -> users.stream().allMatch(u -> line.deliveriesTo(u).size() == 1));
        Thread.sleep(2000);
        for (String user : users) {
            assertThat(line.deliveriesTo(user)).as("answered once").hasSize(1);
        }
        assertThat(parkedCount()).isEqualTo(parkedBefore);
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private JsonNode parked() {
        return http.get().uri("/api/operator/parked-events?tenant=" + TOWN).header("Authorization", operator()).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private double parkedCount() {
        return meters.get("madoguchi.events.parked").tag("consumer", LineInbox.GROUP).counter().count();
    }

    private static String operator() {
        return "Bearer " + EmbeddedPlatformExtension.tokens().operator();
    }

    private static boolean published;

    private void publishTown() throws Exception {
        if (published) {
            return;
        }
        published = true;
        town().onboard("試験町", "しけんちょう", "token-" + TOWN);
    }

    private void post(String... events) {
        town().post(events);
    }

    private LineTown town() {
        return new LineTown(http, TOWN, SECRET);
    }

    private static String text(String user, String replyToken, String eventId, String text) {
        return LineTown.text(user, replyToken, eventId, text, false);
    }
}
