package jp.madoguchi.conversation.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static jp.madoguchi.conversation.LineTown.publish;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.madoguchi.conversation.ConversationServiceApplication;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ProcedurePublished;
import jp.madoguchi.platform.events.contracts.ProcedureRetired;
import jp.madoguchi.platform.events.contracts.TenantOnboarded;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * conversation-service's own copy of what a town offers, fed from procedure-service's events on Kafka: a retired
 * procedure leaves the menu while its published flow stays for conversations under way, and documents that lack
 * a field never break the menu.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = ConversationServiceApplication.CONFIG_NAME)
class PublishedProceduresIntegrationTest {

    private static final String TOWN = "014893";
    private static final TenantId TENANT = TenantId.of(TOWN);

    @Autowired
    PublishedProcedures procedures;
    @Autowired
    TenantMongo mongo;
    @Autowired
    WebTestClient http;

    @Test
    void aRetiredProcedureLeavesTheMenuButItsPublishedFlowStaysForConversationsUnderWay() throws Exception {
        publish(Topics.TENANT_EVENTS, TOWN, TOWN, 0, new TenantOnboarded("テスト村", "てすとむら", "北海道", 500));
        publish(Topics.PROCEDURE_EVENTS, TOWN, TOWN + ":water-start", 0,
                new ProcedurePublished("water-start", 1, "水道の使用開始", flow("/flows/water-start.json"), Map.of()));
        publish(Topics.PROCEDURE_EVENTS, TOWN, TOWN + ":road-report", 0,
                new ProcedurePublished("road-report", 1, "道路の不具合の通報", flow("/web-chat/road-report.json"), Map.of()));
        await().atMost(Duration.ofSeconds(60)).until(() -> procedures.menu(TENANT, 13).size() == 2);

        publish(Topics.PROCEDURE_EVENTS, TOWN, TOWN + ":road-report", 1, new ProcedureRetired("road-report", 1));
        // retired before it was ever published: nothing to offer, nothing to fail on
        publish(Topics.PROCEDURE_EVENTS, TOWN, TOWN + ":never-published", 0, new ProcedureRetired("never-published", 0));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(procedures.menu(TENANT, 13))
                .extracting(PublishedProcedures.Published::procedureId).containsExactly("water-start"));
        assertThat(procedures.latest(TENANT, "road-report")).isEmpty();
        assertThat(procedures.latest(TENANT, "never-published")).isEmpty();
        assertThat(procedures.flow(TENANT, "road-report", 1)).as("the pinned flow of a conversation under way").isPresent();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode view = http.get().uri("/chat/" + TOWN + "/conversation").exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(view.path("menu").findValuesAsText("procedureId")).containsExactly("water-start");
        });

        // a publication read after the retirement (a replay out of order) does not bring it back
        publish(Topics.PROCEDURE_EVENTS, TOWN, TOWN + ":road-report", 0,
                new ProcedurePublished("road-report", 2, "道路の不具合の通報", flow("/web-chat/road-report.json"), Map.of()));
        Thread.sleep(2_000);
        assertThat(procedures.menu(TENANT, 13)).extracting(PublishedProcedures.Published::procedureId).containsExactly("water-start");
    }

    @Test
    void documentsMissingAVersionOrTitleNeverBreakTheMenu() {
        TenantId town = TenantId.of("014907");
        var collection = mongo.database(town).getCollection(PublishedProcedures.PROCEDURES);
        Mono.from(collection.insertOne(new Document("_id", "half-written").append("title", "途中"))).block();
        Mono.from(collection.insertOne(new Document("_id", "untitled").append("version", 3))).block();
        Mono.from(collection.insertOne(new Document("_id", "odd").append("version", "one").append("title", "変"))).block();

        assertThat(procedures.menu(town, 13)).containsExactly(new PublishedProcedures.Published("untitled", 3, "untitled"));
        assertThat(procedures.latest(town, "half-written")).isEmpty();
        assertThat(procedures.latest(town, "odd")).isEmpty();
        assertThat(procedures.flow(town, "untitled", 3)).isEmpty();
    }

    private static String flow(String resource) throws Exception {
        try (InputStream in = PublishedProceduresIntegrationTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
