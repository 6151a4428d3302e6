package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ConversationCompleted;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two towns and the national catalogue, through the launcher: 苫前町 shares its water procedure,
 * 羽幌町 finds it, imports it, adapts a prompt and publishes it; 苫前町 shares version 2 and 羽幌町
 * sees 「更新あり」 with the difference. Each town's applications stay its own.
 */
@ExtendWith(SharedLauncher.class)
class CatalogueEndToEndTest {

    private static final String A = "014834";
    private static final String B = "014842";
    private static final int PROCEDURES = 8083;
    private static final String SLUG = "e2e-water";

    static Launcher launcher;
    static LocalPlatform local;

    @BeforeAll
    static void start() {
        launcher = SharedLauncher.launcher();
        local = SharedLauncher.local();
    }

    @Test
    void aProcedureTravelsFromOneTownToAnotherAndItsUpdateFollowsWhileApplicationsStayApart() {
        String adminA = local.login(A, "admin", "tomamae-admin-demo");
        String adminB = local.login(B, "admin", "haboro-admin-demo");
        String templateId = A + ":" + SLUG;

        // 苫前町: from the built-in water template to a published procedure, shared in the catalogue
        assertThat(call("POST", A, "/procedure-templates/water/use?procedureId=" + SLUG, null, adminA).statusCode()).isEqualTo(201);
        assertThat(call("POST", A, "/procedures/" + SLUG + "/publish", null, adminA).statusCode()).isEqualTo(200);
        String share = "{\"description\":\"引っ越しの水道の開始・中止をLINEで受け付けます。\",\"tags\":[\"水道\",\"引っ越し\"]}";
        assertThat(await(() -> call("POST", A, "/procedures/" + SLUG + "/share", share, adminA).statusCode(), s -> s != 409)).isEqualTo(201);

        // 羽幌町 finds it by a word and by tag, imports it, adapts a prompt and publishes it
        JsonNode found = await(() -> json(call("GET", B, "/catalogue?q=水道", null, adminB)),
                list -> list.findValuesAsText("templateId").contains(templateId));
        assertThat(found.toString()).contains("苫前町").doesNotContain("applicationId", "residentId", "channelUserId");
        assertThat(json(call("GET", B, "/catalogue?tag=引っ越し", null, adminB)).findValuesAsText("templateId")).contains(templateId);
        HttpResponse<String> imported = call("POST", B, "/catalogue/" + templateId + "/import", "{}", adminB);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        String draftB = await(() -> call("GET", B, "/procedures/" + SLUG + "/draft", null, adminB), r -> r.statusCode() == 200).body();
        String adapted = draftB.replace("（例：苫前町字旭37番地1）", "（例：羽幌町南町1番地）");
        assertThat(adapted).isNotEqualTo(draftB);
        assertThat(call("PUT", B, "/procedures/" + SLUG + "/draft", adapted, adminB).statusCode()).isEqualTo(204);
        assertThat(call("POST", B, "/procedures/" + SLUG + "/publish", null, adminB).statusCode()).isEqualTo(200);

        // 苫前町 improves it: version 2, shared again
        String draftA = await(() -> call("GET", A, "/procedures/" + SLUG + "/draft", null, adminA), r -> r.statusCode() == 200).body();
        assertThat(call("PUT", A, "/procedures/" + SLUG + "/draft", draftA.replace("昼間に連絡がとれる", "日中に連絡がつく"), adminA).statusCode())
                .isEqualTo(204);
        assertThat(call("POST", A, "/procedures/" + SLUG + "/publish", null, adminA).statusCode()).isEqualTo(200);
        String reshare = "{\"description\":\"電話番号の聞き方を変えました。\",\"tags\":[\"水道\"]}";
        assertThat(await(() -> call("POST", A, "/procedures/" + SLUG + "/share", reshare, adminA).statusCode(), s -> s != 409)).isEqualTo(201);

        // 羽幌町 sees 更新あり with what changed, step by step
        JsonNode updates = await(() -> json(call("GET", B, "/catalogue/updates", null, adminB)), list -> list.size() > 0);
        assertThat(updates.get(0).path("templateId").asText()).isEqualTo(templateId);
        assertThat(updates.get(0).path("status").asText()).isEqualTo("更新あり");
        assertThat(updates.get(0).path("importedVersion").asInt()).isEqualTo(1);
        assertThat(updates.get(0).path("latestVersion").asInt()).isEqualTo(2);
        assertThat(updates.get(0).path("differences").findValuesAsText("text")).containsExactly("ステップ「phone」の文言を変更しました。");

        // one application in each town, from completed conversations on Kafka
        String appA = completed(A, 2);
        String appB = completed(B, 1);
        // other classes on the shared launcher make applications in 苫前町 too: its queue of this procedure only
        JsonNode queueA = await(() -> json(call("GET", A, "/applications?procedureId=" + SLUG, null, adminA)), q -> q.path("items").size() > 0);
        JsonNode queueB = await(() -> json(call("GET", B, "/applications", null, adminB)), q -> q.path("items").size() > 0);
        assertThat(queueA.path("items").findValuesAsText("procedureId")).containsOnly(SLUG);
        assertThat(queueA.path("total").asInt()).isEqualTo(1);
        assertThat(queueB.path("total").asInt()).isEqualTo(1);
        String idA = queueA.path("items").get(0).path("applicationId").asText();
        String idB = queueB.path("items").get(0).path("applicationId").asText();
        assertThat(idA).isNotEqualTo(idB);
        assertThat(appA).isNotEqualTo(appB);

        // neither town reaches the other's applications or catalogue paths
        assertThat(call("GET", A, "/applications", null, adminB).statusCode()).isEqualTo(403);
        assertThat(call("GET", B, "/applications/" + idB, null, adminA).statusCode()).isEqualTo(403);
        assertThat(call("GET", B, "/catalogue/updates", null, adminA).statusCode()).isEqualTo(403);
        assertThat(call("POST", A, "/catalogue/" + templateId + "/import", "{}", adminB).statusCode()).isEqualTo(403);
        // and the catalogue shows no application of either town
        assertThat(call("GET", B, "/catalogue/" + templateId, null, adminB).body()).doesNotContain(idA, idB, "Ue2e");
    }

    /** A resident of {@code town} completed version {@code version} of the procedure; returns the conversation id. */
    private static String completed(String town, int version) {
        String conversationId = town + ":" + town + ":LINE:Ue2e" + town + ":1";
        ConversationCompleted completed = new ConversationCompleted(conversationId, town + ":LINE:Ue2e" + town, "LINE", "Ue2e" + town,
                SLUG, version, Map.of("kind", "start", "startDate", "2026-06-01", "address", "町内1番地", "payerName", "町民 太郎",
                "phone", "0164-62-0000"), List.of(), Instant.now());
        IntegrationEventCodec codec = new IntegrationEventCodec();
        UUID eventId = UUID.randomUUID();
        EventEnvelope envelope = codec.wrap(eventId, town, completed.completedAt(), conversationId, 3, completed);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, launcher.platform().kafka().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.CONVERSATION_EVENTS, conversationId, codec.encode(envelope));
            record.headers().add(Topics.HEADER_TENANT, town.getBytes(StandardCharsets.UTF_8));
            record.headers().add(Topics.HEADER_TYPE, envelope.type().getBytes(StandardCharsets.UTF_8));
            record.headers().add(Topics.HEADER_EVENT_ID, eventId.toString().getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("could not publish to Kafka", e);
        }
        return conversationId;
    }

    private static HttpResponse<String> call(String method, String town, String path, String json, String token) {
        return local.call(method, PROCEDURES, encodePath("/api/towns/" + town + path), json, token);
    }

    /** Japanese in a query as UTF-8 percent-escapes (java.net.URI refuses raw non-ASCII only in some forms). */
    private static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (c < 128) {
                out.append(c);
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b));
                }
            }
        }
        return out.toString();
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return LocalPlatform.json(response.body());
    }

    private static <T> T await(Supplier<T> read, Predicate<T> ready) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            T value = read.get();
            if (ready.test(value)) {
                return value;
            }
            assertThat(Instant.now()).as("caught up in time; last: " + value).isBefore(deadline);
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
