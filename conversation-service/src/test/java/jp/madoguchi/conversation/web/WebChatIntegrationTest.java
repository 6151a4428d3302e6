package jp.madoguchi.conversation.web;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.conversation.ConversationServiceApplication;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ConversationCompleted;
import jp.madoguchi.platform.events.contracts.ConversationStarted;
import jp.madoguchi.platform.events.contracts.ProcedurePublished;
import jp.madoguchi.platform.events.contracts.TenantOnboarded;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Mono;

/**
 * A resident without LINE applies in the web chat, end to end against the embedded platform: the town and
 * its procedures arrive as events, the page's JSON calls drive the same Conversation aggregate as LINE,
 * and ConversationStarted / ConversationCompleted reach Kafka with channel WEB.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = ConversationServiceApplication.CONFIG_NAME)
class WebChatIntegrationTest {

    private static final String TOWN = "014851";
    private static final String TOWN_WITHOUT_PROCEDURES = "014818";
    private static final String UNKNOWN_TOWN = "014826";
    /** The smallest PNG: a real image as the upload check reads it. */
    private static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    @Autowired
    WebTestClient http;
    @Autowired
    TenantMongo mongo;
    @LocalServerPort
    int port;

    /** The platform outlives one test class's context, so the towns are announced once per JVM. */
    private static boolean published;

    @BeforeEach
    void publishTowns() throws Exception {
        if (published) {
            return;
        }
        published = true;
        publish(Topics.TENANT_EVENTS, TOWN, TOWN, 0, new TenantOnboarded("初山別村", "しょさんべつむら", "北海道", 1100));
        publish(Topics.TENANT_EVENTS, TOWN_WITHOUT_PROCEDURES, TOWN_WITHOUT_PROCEDURES, 0,
                new TenantOnboarded("テスト町", "てすとちょう", "北海道", 1000));
        publish(Topics.PROCEDURE_EVENTS, TOWN, TOWN + ":water-start", 0,
                new ProcedurePublished("water-start", 1, "水道の使用開始", flow("/flows/water-start.json"), Map.of()));
        publish(Topics.PROCEDURE_EVENTS, TOWN, TOWN + ":road-report", 0,
                new ProcedurePublished("road-report", 1, "道路の不具合の通報", flow("/web-chat/road-report.json"), Map.of()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            http.get().uri("/chat/" + TOWN).exchange().expectStatus().isOk();
            assertThat(conversation(null).path("menu").size()).isEqualTo(2);
        });
    }

    @Test
    void aResidentAppliesForWaterStartInTheWebChatAndTheApplicationIsCompletedOnceWithChannelWeb() {
        LocalDate tomorrow = LocalDate.now(ZoneId.of("Asia/Tokyo")).plusDays(1);

        // the page: Japanese, phone-sized, its own script only, and an HttpOnly SameSite=Lax cookie naming an anonymous resident
        var page = http.get().uri("/chat/" + TOWN).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueMatches("Content-Security-Policy", ".*script-src 'self'.*")
                .expectBody(String.class).returnResult();
        assertThat(page.getResponseBody()).contains("<html lang=\"ja\">", "name=\"viewport\"", "初山別村 オンライン窓口",
                "aria-live=\"polite\"");
        ResponseCookie cookie = page.getResponseCookies().getFirst(WebResident.COOKIE);
        assertThat(cookie).isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Lax");
        String webId = cookie.getValue();

        JsonNode view = conversation(webId);
        assertThat(view.path("underWay").asBoolean()).isFalse();
        assertThat(view.path("replies").get(0).path("text").asText()).contains("初山別村のオンライン窓口");
        assertThat(texts(view.path("menu"), "title")).containsExactlyInAnyOrder("水道の使用開始", "道路の不具合の通報");

        // the opening message, then the date question bounded to the flow's window, with やめる but no 戻る yet
        view = post(webId, "/start", Map.of("procedureId", "water-start"));
        assertThat(view.path("replies").get(0).path("text").asText()).contains("水道の使用開始の申し込み");
        JsonNode date = view.path("replies").get(1);
        assertThat(date.path("type").asText()).isEqualTo("date");
        assertThat(date.path("min").asText()).isEqualTo(tomorrow.toString());
        assertThat(date.path("max").asText()).isEqualTo(tomorrow.plusDays(59).toString());
        assertThat(texts(date.path("shortcuts"), "value")).containsExactly("cmd:cancel");

        view = post(webId, "/input", Map.of("kind", "date", "date", tomorrow.toString()));
        JsonNode address = view.path("replies").get(0);
        assertThat(address.path("type").asText()).isEqualTo("ask");
        assertThat(address.path("typing").asBoolean()).isTrue();
        assertThat(texts(address.path("shortcuts"), "label")).containsExactly("戻る", "やめる");

        // too short: the engine's reason comes apart from the question, which stays the same
        view = post(webId, "/input", Map.of("kind", "text", "text", "旭"));
        assertThat(view.path("outcome").asText()).isEqualTo("INVALID");
        assertThat(view.path("error").asText()).isNotBlank();
        assertThat(view.path("replies")).hasSize(1);
        assertThat(view.path("replies").get(0).path("text").asText()).isEqualTo(address.path("text").asText());

        view = post(webId, "/input", Map.of("kind", "text", "text", "初山別村字豊岬１５３"));
        JsonNode payment = view.path("replies").get(0);
        assertThat(payment.path("typing").asBoolean()).isFalse();
        assertThat(texts(payment.path("options"), "label")).containsExactly("口座振替", "納付書");

        view = post(webId, "/input", Map.of("kind", "choice", "value", "slip"));
        assertThat(view.path("replies").get(0).path("text").asText()).contains("電話番号");

        view = post(webId, "/input", Map.of("kind", "text", "text", "0164-67-2211"));
        JsonNode summary = view.path("replies").get(0);
        assertThat(summary.path("type").asText()).isEqualTo("summary");
        assertThat(texts(summary.path("lines"), "editValue")).contains("cmd:edit:address", "cmd:edit:phone");
        assertThat(summary.path("confirmLabel").asText()).isEqualTo("この内容で申し込む");

        // 修正する on the phone line: asked again, then back to the summary with the new number
        view = post(webId, "/input", Map.of("kind", "choice", "value", "cmd:edit:phone"));
        assertThat(view.path("replies").get(0).path("text").asText()).contains("電話番号");
        view = post(webId, "/input", Map.of("kind", "text", "text", "0164-67-2001"));
        assertThat(view.path("replies").get(0).path("lines").toString()).contains("0164-67-2001");

        // reloading the page puts the summary back on the screen
        view = conversation(webId);
        assertThat(view.path("underWay").asBoolean()).isTrue();
        assertThat(view.path("replies").get(0).path("type").asText()).isEqualTo("summary");

        view = post(webId, "/input", Map.of("kind", "choice", "value", "cmd:confirm"));
        assertThat(view.path("outcome").asText()).isEqualTo("COMPLETED");
        assertThat(view.path("underWay").asBoolean()).isFalse();
        assertThat(view.path("replies").get(0).path("text").asText()).contains("申し込みを受け付けました");
        assertThat(conversation(webId).path("underWay").asBoolean()).isFalse();

        String residentId = TOWN + ":WEB:" + webId;
        List<Record> onKafka = conversationEventsOf(TOWN + ":" + residentId);
        List<ConversationCompleted> completed = onKafka.stream().filter(ConversationCompleted.class::isInstance)
                .map(ConversationCompleted.class::cast).toList();
        assertThat(completed).hasSize(1);
        assertThat(completed.get(0).channel()).isEqualTo("WEB");
        assertThat(completed.get(0).residentId()).isEqualTo(residentId);
        assertThat(completed.get(0).answers()).isEqualTo(Map.of("startDate", tomorrow.toString(), "address", "初山別村字豊岬153",
                "paymentMethod", "slip", "phone", "0164-67-2001"));
        assertThat(onKafka).filteredOn(ConversationStarted.class::isInstance)
                .singleElement().extracting(e -> ((ConversationStarted) e).channel()).isEqualTo("WEB");
    }

    /** Input with no conversation under way (a new visitor, a stale page, a procedure that is gone) gets the menu, never a 5xx. */
    @Test
    void inputWithNoConversationUnderWayGetsTheMenu() {
        String webId = http.get().uri("/chat/" + TOWN).exchange().expectStatus().isOk().returnResult(String.class)
                .getResponseCookies().getFirst(WebResident.COOKIE).getValue();
        JsonNode view = post(webId, "/input", Map.of("kind", "text", "text", "こんにちは"));
        assertThat(view.path("underWay").asBoolean()).isFalse();
        assertThat(texts(view.path("menu"), "title")).contains("水道の使用開始");
        view = post(webId, "/input", Map.of("kind", "choice", "value", "slip"));
        assertThat(view.path("underWay").asBoolean()).isFalse();
        view = post(webId, "/input", Map.of("kind", "date", "date", LocalDate.now().toString()));
        assertThat(view.path("outcome").asText()).isEqualTo("MENU");
        view = post(webId, "/start", Map.of("procedureId", "no-such-procedure"));
        assertThat(view.path("replies").get(0).path("text").asText()).contains("いま受け付けていません");
    }

    @Test
    void aPhotoIsStoredInTheTownsAttachmentsAndTheLocationComesFromTheBrowser() {
        String webId = newResident();
        // no question under way asks for a photo: refused before anything is read, and nothing is stored
        photo(webId, PNG, MediaType.IMAGE_PNG).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("写真を受け付けていません"));
        post(webId, "/start", Map.of("procedureId", "road-report"));

        // not an image, whatever the browser says: refused, and nothing changes
        photo(webId, "not an image".getBytes(StandardCharsets.UTF_8), MediaType.IMAGE_JPEG).expectStatus().isEqualTo(415);

        JsonNode view = photo(webId, PNG, MediaType.IMAGE_PNG).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode again = view.path("replies").get(0);
        assertThat(again.path("type").asText()).isEqualTo("photo");
        assertThat(again.path("remaining").asInt()).isEqualTo(1);
        assertThat(texts(again.path("options"), "value")).containsExactly("cmd:done");

        view = post(webId, "/input", Map.of("kind", "choice", "value", "cmd:done"));
        assertThat(view.path("replies").get(0).path("type").asText()).isEqualTo("location");
        // the question is now where, not a photo
        photo(webId, PNG, MediaType.IMAGE_PNG).expectStatus().isEqualTo(409);

        view = post(webId, "/input", Map.of("kind", "location", "latitude", 44.53, "longitude", 141.77));
        assertThat(view.path("replies").get(0).path("type").asText()).isEqualTo("summary");
        view = post(webId, "/input", Map.of("kind", "choice", "value", "cmd:confirm"));
        assertThat(view.path("outcome").asText()).isEqualTo("COMPLETED");

        String residentId = TOWN + ":WEB:" + webId;
        ConversationCompleted completed = conversationEventsOf(TOWN + ":" + residentId).stream()
                .filter(ConversationCompleted.class::isInstance).map(ConversationCompleted.class::cast).findFirst().orElseThrow();
        assertThat(completed.attachments()).hasSize(1);
        assertThat(completed.answers().get("location")).isEqualTo("44.53,141.77");
        Document stored = Mono.from(mongo.database(TenantId.of(TOWN)).getCollection(WebPhotos.COLLECTION)
                .find(eq("_id", completed.attachments().get(0))).first()).block(Duration.ofSeconds(10));
        assertThat(stored).isNotNull();
        assertThat(stored.getString("mimeType")).isEqualTo("image/png");
        assertThat(stored.getString("residentId")).isEqualTo(residentId);
        assertThat(Mono.from(mongo.database(TenantId.of(TOWN)).getCollection(WebPhotos.COLLECTION).countDocuments(eq("residentId", residentId)))
                .block(Duration.ofSeconds(10))).as("only the photo the question asked for is kept").isEqualTo(1);
    }

    @Test
    void noticesAboutTheResidentsApplicationsAreShownWhenThePageOpens() {
        String webId = newResident();
        String residentId = TOWN + ":WEB:" + webId;
        // as notice/ResidentNotices keeps them for residents who cannot be pushed to
        Mono.from(mongo.database(TenantId.of(TOWN)).getCollection("resident_inbox").insertOne(new Document("_id", "notice:" + UUID.randomUUID())
                .append("residentId", residentId).append("applicationId", "a-1").append("receiptNumber", "2026-000042")
                .append("text", "申請の受付が終わりました。").append("at", java.util.Date.from(Instant.now())))).block(Duration.ofSeconds(10));

        JsonNode notices = conversation(webId).path("notices");
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).path("receiptNumber").asText()).isEqualTo("2026-000042");
        assertThat(notices.get(0).path("text").asText()).isEqualTo("申請の受付が終わりました。");
        // another browser sees none of them
        assertThat(conversation(newResident()).path("notices")).isEmpty();
    }

    @Test
    void postsFromAnotherSiteOrWithoutAnOriginAreRefused() {
        String webId = newResident();
        http.post().uri("/chat/" + TOWN + "/start").cookie(WebResident.COOKIE, webId).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.ORIGIN, "https://evil.example").bodyValue(Map.of("procedureId", "water-start"))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("このページからは送れません"));
        http.post().uri("/chat/" + TOWN + "/start").cookie(WebResident.COOKIE, webId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("procedureId", "water-start")).exchange().expectStatus().isForbidden();
        http.post().uri("/chat/" + TOWN + "/start").cookie(WebResident.COOKIE, webId).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.ORIGIN, origin()).header("Sec-Fetch-Site", "cross-site")
                .bodyValue(Map.of("procedureId", "water-start")).exchange().expectStatus().isForbidden();
        // nothing was started: the resident is still at the menu
        assertThat(conversation(webId).path("underWay").asBoolean()).isFalse();
    }

    @Test
    void aTownThatDoesNotExistOrOffersNothingGetsAFriendlyJapanese404() {
        for (String code : List.of(UNKNOWN_TOWN, TOWN_WITHOUT_PROCEDURES, "123456", "abc")) {
            String body = http.get().uri("/chat/" + code).exchange().expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(body).as(code).contains("<html lang=\"ja\">", "ページが見つかりません", "役場に電話してください");
        }
        http.get().uri("/chat/" + TOWN_WITHOUT_PROCEDURES + "/conversation").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("見つかりません"));
    }

    // --- the page's calls -----------------------------------------------------------------------------

    private String newResident() {
        return http.get().uri("/chat/" + TOWN).exchange().expectStatus().isOk().returnResult(String.class)
                .getResponseCookies().getFirst(WebResident.COOKIE).getValue();
    }

    private JsonNode conversation(String webId) {
        var request = http.get().uri("/chat/" + TOWN + "/conversation");
        if (webId != null) {
            request = request.cookie(WebResident.COOKIE, webId);
        }
        return request.exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode post(String webId, String path, Map<String, ?> body) {
        return http.post().uri("/chat/" + TOWN + path).cookie(WebResident.COOKIE, webId).header(HttpHeaders.ORIGIN, origin())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec photo(String webId, byte[] bytes, MediaType type) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("photo", new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return "photo.png";
            }
        }).contentType(type);
        return http.post().uri("/chat/" + TOWN + "/photo").cookie(WebResident.COOKIE, webId).header(HttpHeaders.ORIGIN, origin())
                .body(BodyInserters.fromMultipartData(parts.build())).exchange();
    }

    private String origin() {
        return "http://localhost:" + port;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    // --- the town, as tenant-service and procedure-service announce it ---------------------------------

    private static String flow(String resource) throws Exception {
        try (InputStream in = WebChatIntegrationTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void publish(String topic, String tenant, String aggregateId, long sequence, Record contract) throws Exception {
        IntegrationEventCodec codec = new IntegrationEventCodec();
        EventEnvelope envelope = codec.wrap(UUID.randomUUID(), tenant, Instant.now(), aggregateId, sequence, contract);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, aggregateId, codec.encode(envelope))).get(30, TimeUnit.SECONDS);
        }
    }

    /** ConversationStarted and ConversationCompleted of one session on Kafka, read until a few seconds after the completion. */
    private static List<Record> conversationEventsOf(String sessionId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-web-chat-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        IntegrationEventCodec codec = new IntegrationEventCodec();
        List<Record> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.CONVERSATION_EVENTS));
            // keep reading a while after the completion: a second copy would show up here
            long deadline = System.currentTimeMillis() + 30_000;
            long settle = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, settle)) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    EventEnvelope envelope = codec.decode(r.value());
                    if (!sessionId.equals(r.key())) {
                        return;
                    }
                    if ("ConversationCompleted".equals(envelope.type())) {
                        found.add(codec.payload(envelope, ConversationCompleted.class));
                    } else if ("ConversationStarted".equals(envelope.type())) {
                        found.add(codec.payload(envelope, ConversationStarted.class));
                    }
                });
                if (found.stream().anyMatch(ConversationCompleted.class::isInstance) && settle == Long.MAX_VALUE) {
                    settle = System.currentTimeMillis() + 3_000;
                }
            }
        }
        return found;
    }
}
