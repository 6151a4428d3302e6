package jp.madoguchi.procedure.application;

import jp.madoguchi.platform.tenancy.TenantMongo;
import jp.madoguchi.platform.security.AuditLog;
import reactor.core.publisher.Flux;
import org.bson.Document;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ApplicationMessagePosted;
import jp.madoguchi.platform.events.contracts.ApplicationStatusChanged;
import jp.madoguchi.platform.events.contracts.ApplicationSubmitted;
import jp.madoguchi.platform.events.contracts.ConversationCompleted;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.tenancy.TenantId;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * From a completed conversation on Kafka to a worked application, against the embedded Kafka,
 * PostgreSQL and Mongo-wire servers: one application however often the conversation arrives, the
 * town's queue, the lifecycle over HTTP with its notices on Kafka, isolation and the CSV export.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=procedure-service")
class ApplicationsIntegrationTest {

    private static final String TOMAMAE = "014834";
    private static final String HABORO = "014842";
    private static final String SHOSANBETSU = "014869";
    private static final Instant COMPLETED_AT = Instant.parse("2026-05-11T01:30:00Z");
    private static final int FY = 2026;

    private final IntegrationEventCodec codec = new IntegrationEventCodec();

    @Autowired
    WebTestClient http;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TenantMongo mongo;

    @Test
    void aCompletedConversationBecomesOneApplicationThatStaffWorkToTheEnd() {
        String conversationId = "conv-" + UUID.randomUUID();
        String applicationId = ApplicationIds.fromConversation(TenantId.of(TOMAMAE), conversationId);
        ConversationCompleted completed = new ConversationCompleted(conversationId, TOMAMAE + ":LINE:U4af4980629", "LINE", "U4af4980629",
                "water-start", 1, Map.of("startDate", "2026-05-20", "note", "=HYPERLINK(\"x\")"), List.of("content-1"), COMPLETED_AT);
        UUID eventId = UUID.randomUUID();
        // delivered twice with one event id, then published again under a new one (e.g. a producer's retry)
        publish(TOMAMAE, eventId, completed);
        publish(TOMAMAE, eventId, completed);
        publish(TOMAMAE, UUID.randomUUID(), completed);
        // a later conversation on the same partition: once it is in the queue, the three above were handled
        String laterConversation = "conv-" + UUID.randomUUID();
        publish(TOMAMAE, UUID.randomUUID(), new ConversationCompleted(laterConversation, TOMAMAE + ":LINE:U99", "LINE", "U99",
                "water-stop", 1, Map.of(), List.of(), COMPLETED_AT.plusSeconds(60)));
        String laterId = ApplicationIds.fromConversation(TenantId.of(TOMAMAE), laterConversation);
        awaitDetail(TOMAMAE, laterId, d -> true);

        ApplicationQueue.Page queue = asViewerOf(TOMAMAE).get().uri("/api/towns/{t}/applications", TOMAMAE).exchange()
                .expectStatus().isOk().expectBody(ApplicationQueue.Page.class).returnResult().getResponseBody();
        assertThat(queue.total()).isEqualTo(2);
        assertThat(queue.items()).extracting(ApplicationQueue.Summary::applicationId).containsExactly(laterId, applicationId);
        assertThat(queue.items()).extracting(ApplicationQueue.Summary::receiptNumber)
                .as("the repeated conversation took no number").containsExactly(FY + "-000002", FY + "-000001");
        assertThat(queue.items().get(1).status()).isEqualTo("RECEIVED");
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?", Integer.class, applicationId))
                .isEqualTo(1);
        ApplicationSubmitted submitted = awaitPublished(TOMAMAE, "ApplicationSubmitted", ApplicationSubmitted.class,
                e -> e.applicationId().equals(applicationId)).get(0);
        assertThat(submitted.receiptNumber()).isEqualTo(FY + "-000001");

        // staff work it: 受付 → 処理中 → 完了
        changeStatus(asStaffOf(TOMAMAE), TOMAMAE, applicationId, "IN_PROGRESS", null).expectStatus().isNoContent();
        changeStatus(asStaffOf(TOMAMAE), TOMAMAE, applicationId, "COMPLETED", "開栓しました").expectStatus().isNoContent();
        List<ApplicationStatusChanged> notices = awaitPublished(TOMAMAE, "ApplicationStatusChanged", ApplicationStatusChanged.class,
                e -> e.applicationId().equals(applicationId) && e.to().equals("COMPLETED"));
        assertThat(notices).extracting(n -> n.from() + ">" + n.to()).containsExactly("RECEIVED>IN_PROGRESS", "IN_PROGRESS>COMPLETED");
        assertThat(notices.get(1)).satisfies(n -> {
            assertThat(n.receiptNumber()).isEqualTo(FY + "-000001");
            assertThat(n.channel()).isEqualTo("LINE");
            assertThat(n.channelUserId()).isEqualTo("U4af4980629");
            assertThat(n.reason()).isEqualTo("開栓しました");
        });

        changeStatus(asStaffOf(TOMAMAE), TOMAMAE, applicationId, "REJECTED", " ").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("reason is required to reject"));
        changeStatus(asStaffOf(TOMAMAE), TOMAMAE, applicationId, "REJECTED", "やはり却下").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("is COMPLETED (完了) and closed"));

        asAdminOf(TOMAMAE).post().uri("/api/towns/{t}/applications/{id}/notes", TOMAMAE, applicationId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "メーター番号を確認済み")).exchange()
                .expectStatus().isNoContent();
        String messageId = asStaffOf(TOMAMAE).post().uri("/api/towns/{t}/applications/{id}/messages", TOMAMAE, applicationId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "開栓が完了しました。")).exchange()
                .expectStatus().isAccepted().expectBody(ApplicationController.MessageAccepted.class).returnResult().getResponseBody().messageId();
        ApplicationMessagePosted message = awaitPublished(TOMAMAE, "ApplicationMessagePosted", ApplicationMessagePosted.class,
                e -> e.messageId().equals(messageId)).get(0);
        assertThat(message.text()).isEqualTo("開栓が完了しました。");
        assertThat(message.channelUserId()).isEqualTo("U4af4980629");

        ApplicationQueue.Detail detail = awaitDetail(TOMAMAE, applicationId, d -> d.history().size() == 5);
        assertThat(detail.status()).isEqualTo("COMPLETED");
        assertThat(detail.statusLabel()).isEqualTo("完了");
        assertThat(detail.closedAt()).isNotNull();
        assertThat(detail.answers()).containsEntry("startDate", "2026-05-20");
        assertThat(detail.history()).extracting(ApplicationQueue.HistoryEntry::type)
                .containsExactly("SUBMITTED", "STATUS_CHANGED", "STATUS_CHANGED", "NOTE", "MESSAGE");
        assertThat(detail.history().get(2).text()).isEqualTo("処理中 → 完了：開栓しました");
        assertThat(detail.history().get(2).actorName()).isEqualTo("テスト職員");
        assertThat(detail.history().get(2).actorKind()).isEqualTo("STAFF");
        assertThat(detail.history()).allSatisfy(h -> assertThat(h.at()).isNotNull());

        asViewerOf(TOMAMAE).get().uri("/api/towns/{t}/applications?status=COMPLETED", TOMAMAE).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(1)
                .jsonPath("$.items[0].applicationId").isEqualTo(applicationId);
        asViewerOf(TOMAMAE).get().uri("/api/towns/{t}/applications?procedureId=water-stop&from=2026-05-11&to=2026-05-11", TOMAMAE).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(1)
                .jsonPath("$.items[0].applicationId").isEqualTo(laterId);
        asViewerOf(TOMAMAE).get().uri("/api/towns/{t}/applications?from=2026-05-12", TOMAMAE).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(0);
        asViewerOf(TOMAMAE).get().uri("/api/towns/{t}/applications?status=DONE&from=yesterday", TOMAMAE).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value(d -> assertThat((String) d)
                        .contains("status must be one of").contains("from must be a date like 2026-04-01"));

        // the CSV export: what Excel needs to show Japanese and keep each field in its cell
        byte[] csv = asViewerOf(TOMAMAE).get().uri("/api/towns/{t}/applications.csv?status=COMPLETED", TOMAMAE).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("text/csv;charset=UTF-8")
                .expectHeader().value("Content-Disposition", v -> assertThat(v).startsWith("attachment; filename=\"applications-014834-"))
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(csv, StandardCharsets.UTF_8).substring(1);
        String[] lines = text.split("\r\n", -1);
        assertThat(lines).hasSize(3).endsWith("");
        assertThat(lines[0]).startsWith("\"受付番号\",\"手続き\",\"手続きの版\",\"状態\",\"受付日時\",\"担当者\"").contains("\"startDate\"");
        assertThat(lines[1]).startsWith("\"" + FY + "-000001\",\"water-start\",\"1\",\"完了\",\"2026/05/11 10:30\"")
                .contains("\"'=HYPERLINK(\"\"x\"\")\"");

        // reading residents' data is audited: who, what, how many rows
        List<Document> reads = Flux.from(mongo.database(TenantId.of(TOMAMAE)).getCollection(AuditLog.COLLECTION)
                .find(new Document("kind", "read"))).collectList().block(Duration.ofSeconds(10));
        assertThat(reads).anySatisfy(entry -> {
            assertThat(entry.getString("action")).isEqualTo("GET /api/towns/{tenantId}/applications.csv");
            assertThat(entry.get("rows")).isEqualTo(1L);
            assertThat(entry.getString("role")).isEqualTo("viewer");
            assertThat(entry.getString("actor")).isNotBlank();
        });
        assertThat(reads).anySatisfy(entry -> {
            assertThat(entry.getString("action")).isEqualTo("GET /api/towns/{tenantId}/applications/{applicationId}");
            assertThat(entry.getString("target")).endsWith("/applications/" + applicationId);
            assertThat(entry.get("rows")).isEqualTo(1L);
        });
    }

    @Test
    void onlyTheTownsOwnStaffWorkItsApplications() {
        String conversationId = "conv-" + UUID.randomUUID();
        String applicationId = ApplicationIds.fromConversation(TenantId.of(SHOSANBETSU), conversationId);
        publish(SHOSANBETSU, UUID.randomUUID(), new ConversationCompleted(conversationId, SHOSANBETSU + ":WEB:w-1", "WEB", "w-1", "dog-register", 2,
                Map.of("dogName", "ポチ"), List.of(), COMPLETED_AT));
        awaitDetail(SHOSANBETSU, applicationId, d -> true);

        asStaffOf(HABORO).get().uri("/api/towns/{t}/applications", SHOSANBETSU).exchange().expectStatus().isForbidden();
        asStaffOf(HABORO).get().uri("/api/towns/{t}/applications/{id}", SHOSANBETSU, applicationId).exchange().expectStatus().isForbidden();
        changeStatus(asAdminOf(HABORO), SHOSANBETSU, applicationId, "IN_PROGRESS", null).expectStatus().isForbidden();
        asStaffOf(HABORO).get().uri("/api/towns/{t}/applications.csv", SHOSANBETSU).exchange().expectStatus().isForbidden();
        // reaching it by id through one's own town finds nothing
        changeStatus(asAdminOf(HABORO), HABORO, applicationId, "IN_PROGRESS", null).expectStatus().isNotFound();
        asStaffOf(HABORO).get().uri("/api/towns/{t}/applications/{id}", HABORO, applicationId).exchange().expectStatus().isNotFound();
        // viewers read but do not work
        changeStatus(asViewerOf(SHOSANBETSU), SHOSANBETSU, applicationId, "IN_PROGRESS", null).expectStatus().isForbidden();
        asViewerOf(SHOSANBETSU).post().uri("/api/towns/{t}/applications/{id}/notes", SHOSANBETSU, applicationId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "x")).exchange().expectStatus().isForbidden();

        changeStatus(asStaffOf(SHOSANBETSU), SHOSANBETSU, applicationId, "COMPLETED", null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d)
                        .contains("move it to IN_PROGRESS (処理中) before it can be COMPLETED (完了)"));
        changeStatus(asStaffOf(SHOSANBETSU), SHOSANBETSU, applicationId, "FINISHED", null).expectStatus().isBadRequest();
        changeStatus(asStaffOf(SHOSANBETSU), SHOSANBETSU, UUID.randomUUID().toString(), "IN_PROGRESS", null).expectStatus().isNotFound();

        asStaffOf(SHOSANBETSU).post().uri("/api/towns/{t}/applications/{id}/assign", SHOSANBETSU, applicationId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("staffId", "staff-7", "staffName", "佐藤 一郎")).exchange()
                .expectStatus().isNoContent();
        awaitDetail(SHOSANBETSU, applicationId, d -> "staff-7".equals(d.assigneeId()));
        asViewerOf(SHOSANBETSU).get().uri("/api/towns/{t}/applications?assignee=staff-7", SHOSANBETSU).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(1)
                .jsonPath("$.items[0].assigneeName").isEqualTo("佐藤 一郎");
    }

    private WebTestClient.ResponseSpec changeStatus(WebTestClient client, String town, String applicationId, String to, String reason) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("to", to);
        if (reason != null) {
            body.put("reason", reason);
        }
        return client.post().uri("/api/towns/{t}/applications/{id}/status", town, applicationId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    private void publish(String tenant, UUID eventId, ConversationCompleted completed) {
        EventEnvelope envelope = codec.wrap(eventId, tenant, completed.completedAt(), completed.conversationId(), 9, completed);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            // one key for the test's records: one partition, read in the order sent
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.CONVERSATION_EVENTS, tenant, codec.encode(envelope));
            record.headers().add(Topics.HEADER_TENANT, tenant.getBytes(StandardCharsets.UTF_8));
            record.headers().add(Topics.HEADER_TYPE, envelope.type().getBytes(StandardCharsets.UTF_8));
            record.headers().add(Topics.HEADER_EVENT_ID, eventId.toString().getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("could not publish to Kafka", e);
        }
    }

    private ApplicationQueue.Detail awaitDetail(String town, String applicationId, Predicate<ApplicationQueue.Detail> ready) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            ApplicationQueue.Detail detail = asViewerOf(town).get().uri("/api/towns/{t}/applications/{id}", town, applicationId).exchange()
                    .returnResult(ApplicationQueue.Detail.class).getResponseBody().blockFirst(Duration.ofSeconds(5));
            if (detail != null && detail.applicationId() != null && ready.test(detail)) {
                return detail;
            }
            assertThat(Instant.now()).as("application %s in the queue in time", applicationId).isBefore(deadline);
            sleep(200);
        }
    }

    /** Every matching contract on procedure-service's topic, in order, once the last one wanted has arrived. */
    private <T extends Record> List<T> awaitPublished(String tenant, String type, Class<T> contract, Predicate<T> last) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PROCEDURE_EVENTS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<T> found = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    EventEnvelope envelope = codec.decode(record.value());
                    if (envelope.tenantId().equals(tenant) && envelope.type().equals(type)) {
                        T event = codec.payload(envelope, contract);
                        found.add(event);
                        if (last.test(event)) {
                            // records of one application share a key, so a partition: they arrive in order
                            return found.stream().filter(e -> sameApplication(e, event)).toList();
                        }
                    }
                }
            }
        }
        throw new AssertionError("no matching " + type + " for " + tenant + " on " + Topics.PROCEDURE_EVENTS + " within 30 s");
    }

    private static boolean sameApplication(Record a, Record b) {
        return applicationIdOf(a).equals(applicationIdOf(b));
    }

    private static String applicationIdOf(Record r) {
        if (r instanceof ApplicationStatusChanged e) {
            return e.applicationId();
        }
        if (r instanceof ApplicationMessagePosted e) {
            return e.applicationId();
        }
        return ((ApplicationSubmitted) r).applicationId();
    }

    private WebTestClient asAdminOf(String town) {
        return as(EmbeddedPlatformExtension.tokens().town(town, Role.ADMIN));
    }

    private WebTestClient asStaffOf(String town) {
        return as(EmbeddedPlatformExtension.tokens().town(town, Role.STAFF));
    }

    private WebTestClient asViewerOf(String town) {
        return as(EmbeddedPlatformExtension.tokens().town(town, Role.VIEWER));
    }

    private WebTestClient as(String token) {
        return http.mutate().defaultHeaders(h -> h.setBearerAuth(token)).build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
