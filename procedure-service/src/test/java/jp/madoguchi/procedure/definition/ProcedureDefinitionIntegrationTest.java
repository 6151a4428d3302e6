package jp.madoguchi.procedure.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ProcedurePublished;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.FlowJson;
import jp.madoguchi.platform.flow.Step;
import jp.madoguchi.platform.security.Role;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Procedure definitions over HTTP against the embedded Kafka, PostgreSQL and Mongo-wire servers:
 * create → check → fix → publish → ProcedurePublished on Kafka; export/import; templates with fees;
 * another town's token and a viewer are refused.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=procedure-service")
class ProcedureDefinitionIntegrationTest {

    private static final String TOMAMAE = "014834";
    private static final String HABORO = "014842";

    @Autowired
    WebTestClient http;

    private final IntegrationEventCodec codec = new IntegrationEventCodec();

    @Test
    void aStaffMemberChecksFixesAndPublishesAProcedureWhichReachesKafka() {
        asStaffOf(TOMAMAE).post().uri("/api/towns/{t}/procedures", TOMAMAE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(document("water-test", "nowhere", 60, 7)).exchange()
                .expectStatus().isCreated()
                .expectHeader().location("/api/towns/" + TOMAMAE + "/procedures/water-test/draft");

        asStaffOf(TOMAMAE).post().uri("/api/towns/{t}/procedures/water-test/check", TOMAMAE).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.ok").isEqualTo(false)
                .jsonPath("$.problems[?(@.stepId == 'address')].message").value(m -> assertThat(m.toString()).contains("nowhere"))
                .jsonPath("$.problems[?(@.stepId == 'startDate')].message").value(m -> assertThat(m.toString()).contains("日付の範囲が逆"))
                .jsonPath("$.problems[?(@.stepId == 'confirm')].message").value(m -> assertThat(m.toString()).contains("たどり着けません"));

        asStaffOf(TOMAMAE).post().uri("/api/towns/{t}/procedures/water-test/publish", TOMAMAE).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("fix each listed step"))
                .jsonPath("$.problems[*].stepId").value(ids -> assertThat(ids.toString()).contains("address", "startDate"));

        asStaffOf(TOMAMAE).put().uri("/api/towns/{t}/procedures/water-test/draft", TOMAMAE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(document("water-test", "confirm", 1, 60)).exchange()
                .expectStatus().isNoContent();
        asStaffOf(TOMAMAE).post().uri("/api/towns/{t}/procedures/water-test/check", TOMAMAE).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.ok").isEqualTo(true).jsonPath("$.problems").isEmpty();

        asStaffOf(TOMAMAE).post().uri("/api/towns/{t}/procedures/water-test/publish", TOMAMAE).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.version").isEqualTo(1);
        asStaffOf(TOMAMAE).post().uri("/api/towns/{t}/procedures/water-test/publish", TOMAMAE).exchange()
                .expectStatus().isEqualTo(409);

        EventEnvelope envelope = awaitPublished(TOMAMAE + ":water-test", "ProcedurePublished");
        assertThat(envelope.tenantId()).isEqualTo(TOMAMAE);
        ProcedurePublished published = codec.payload(envelope, ProcedurePublished.class);
        assertThat(published.procedureId()).isEqualTo("water-test");
        assertThat(published.version()).isEqualTo(1);
        assertThat(published.title()).isEqualTo("水道の使用開始");
        FlowDefinition flow = new FlowJson().read(published.flowJson().getBytes(StandardCharsets.UTF_8));
        assertThat(flow.procedureId()).isEqualTo("water-test");
        assertThat(flow.version()).isEqualTo(1);
        assertThat(flow.firstStepId()).isEqualTo("startDate");
        assertThat(flow.requireStep("startDate")).isInstanceOf(Step.Date.class);
        assertThat(((Step.Date) flow.requireStep("startDate")).latestDays()).isEqualTo(60);
        assertThat(published.fees()).isEmpty();

        await(() -> asStaffOf(TOMAMAE).get().uri("/api/towns/{t}/procedures/water-test/versions/1", TOMAMAE).exchange()
                .expectBody(String.class).returnResult().getResponseBody(), body -> body != null && body.contains("\"version\":1"));
        String list = await(() -> asViewerOf(TOMAMAE).get().uri("/api/towns/{t}/procedures", TOMAMAE).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(),
                body -> body != null && body.contains("\"status\":\"PUBLISHED\""));
        assertThat(list).contains("\"procedureId\":\"water-test\"", "\"latestVersion\":1", "\"versions\":[1]", "\"unpublishedChanges\":false");

        // editing after publishing edits version 2's draft; version 1 stays as it was
        asStaffOf(TOMAMAE).put().uri("/api/towns/{t}/procedures/water-test/draft", TOMAMAE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(document("water-test", "confirm", 2, 30)).exchange()
                .expectStatus().isNoContent();
        asStaffOf(TOMAMAE).get().uri("/api/towns/{t}/procedures/water-test/versions/1", TOMAMAE).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.definition.steps[0].latestDays").isEqualTo(60);
    }

    @Test
    void anExportImportsBackAsTheSameProcedureUnderAnotherId() {
        asStaffOf(TOMAMAE).post().uri("/api/towns/{t}/procedures", TOMAMAE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(document("move-out", "confirm", 1, 60)).exchange()
                .expectStatus().isCreated();
        String yaml = await(() -> asViewerOf(TOMAMAE).get().uri("/api/towns/{t}/procedures/move-out/export", TOMAMAE).exchange()
                .expectBody(String.class).returnResult().getResponseBody(), body -> body != null && body.contains("title:"));
        assertThat(yaml).contains("procedureId: move-out", "title: 水道の使用開始", "type: date", "earliestDays: 1");

        asStaffOf(TOMAMAE).post().uri("/api/towns/{t}/procedures/import?procedureId=move-out-copy", TOMAMAE)
                .contentType(MediaType.parseMediaType("application/yaml")).bodyValue(yaml.getBytes(StandardCharsets.UTF_8)).exchange()
                .expectStatus().isCreated();
        String copy = await(() -> asViewerOf(TOMAMAE).get().uri("/api/towns/{t}/procedures/move-out-copy/export", TOMAMAE).exchange()
                .expectBody(String.class).returnResult().getResponseBody(), body -> body != null && body.contains("title:"));
        assertThat(copy).isEqualTo(yaml.replace("procedureId: move-out", "procedureId: move-out-copy"));

        // JSON works too; a second import under the same id is a conflict, a misspelt key a 400 that says where
        asStaffOf(TOMAMAE).post().uri("/api/towns/{t}/procedures/import", TOMAMAE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(document("move-out-json", "confirm", 1, 60)).exchange()
                .expectStatus().isCreated();
        asStaffOf(TOMAMAE).post().uri("/api/towns/{t}/procedures/import", TOMAMAE).contentType(MediaType.parseMediaType("application/yaml"))
                .bodyValue(yaml.getBytes(StandardCharsets.UTF_8)).exchange()
                .expectStatus().isEqualTo(409);
        asStaffOf(TOMAMAE).post().uri("/api/towns/{t}/procedures/import", TOMAMAE).contentType(MediaType.parseMediaType("application/yaml"))
                .bodyValue(yaml.replace("prompt:", "promt:").replace("move-out", "typo").getBytes(StandardCharsets.UTF_8)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("promt"));
    }

    @Test
    void aTemplatesFeeTableTravelsWithThePublishedFlow() {
        asAdminOf(TOMAMAE).post().uri("/api/towns/{t}/procedure-templates/bulky-waste/use", TOMAMAE).exchange()
                .expectStatus().isCreated();
        asAdminOf(TOMAMAE).post().uri("/api/towns/{t}/procedures/bulky-waste/publish", TOMAMAE).exchange()
                .expectStatus().isOk();
        ProcedurePublished published = codec.payload(awaitPublished(TOMAMAE + ":bulky-waste", "ProcedurePublished"), ProcedurePublished.class);
        assertThat(published.fees()).containsEntry("ソファ", 1000L).containsEntry("布団", 300L);
        assertThat(published.feeItems()).contains(new ProcedurePublished.FeeItem("sofa", "ソファ", 1000, "qtySofa"));
        asViewerOf(TOMAMAE).get().uri("/api/towns/{t}/procedure-templates", TOMAMAE).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[*].templateId").value(ids -> assertThat(ids.toString())
                        .contains("water", "bulky-waste", "road-report", "school-absence", "certificate"));
    }

    @Test
    void anotherTownsTokenIsRefusedAndAViewerCannotPublish() {
        asStaffOf(TOMAMAE).post().uri("/api/towns/{t}/procedures", TOMAMAE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(document("guarded", "confirm", 1, 60)).exchange()
                .expectStatus().isCreated();

        asAdminOf(HABORO).get().uri("/api/towns/{t}/procedures", TOMAMAE).exchange().expectStatus().isForbidden();
        asAdminOf(HABORO).post().uri("/api/towns/{t}/procedures/guarded/publish", TOMAMAE).exchange().expectStatus().isForbidden();
        asAdminOf(HABORO).get().uri("/api/towns/{t}/procedures/guarded/export", TOMAMAE).exchange().expectStatus().isForbidden();

        asViewerOf(TOMAMAE).post().uri("/api/towns/{t}/procedures/guarded/publish", TOMAMAE).exchange().expectStatus().isForbidden();
        asViewerOf(TOMAMAE).put().uri("/api/towns/{t}/procedures/guarded/draft", TOMAMAE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(document("guarded", "confirm", 1, 60)).exchange().expectStatus().isForbidden();
        asViewerOf(TOMAMAE).get().uri("/api/towns/{t}/procedures", TOMAMAE).exchange().expectStatus().isOk();
        // the same slug in another town is another procedure, unknown there
        asAdminOf(HABORO).post().uri("/api/towns/{t}/procedures/guarded/publish", HABORO).exchange().expectStatus().isNotFound();
        http.get().uri("/api/towns/{t}/procedures", TOMAMAE).exchange().expectStatus().isUnauthorized();
    }

    /** A small water flow: date → address → confirm → done; {@code addressNext} and the window let a test break it. */
    private static String document(String procedureId, String addressNext, int earliest, int latest) {
        return """
                {"procedureId": "%s", "title": "水道の使用開始", "description": "水道を使い始める届け出です。",
                 "firstStepId": "startDate",
                 "steps": [
                   {"type": "date", "id": "startDate", "field": "startDate", "label": "開始日",
                    "prompt": "水道を使い始める日を選んでください。", "earliestDays": %d, "latestDays": %d, "next": "address"},
                   {"type": "text", "id": "address", "field": "address", "label": "住所",
                    "prompt": "住所を入力してください。", "maxLength": 100, "next": "%s"},
                   {"type": "confirm", "id": "confirm", "prompt": "確かめてください。", "next": "done"},
                   {"type": "submit", "id": "done", "prompt": "受け付けました。"}
                 ]}
                """.formatted(procedureId, earliest, latest, addressNext);
    }

    private WebTestClient asStaffOf(String town) {
        return as(EmbeddedPlatformExtension.tokens().town(town, Role.STAFF));
    }

    private WebTestClient asAdminOf(String town) {
        return as(EmbeddedPlatformExtension.tokens().town(town, Role.ADMIN));
    }

    private WebTestClient asViewerOf(String town) {
        return as(EmbeddedPlatformExtension.tokens().town(town, Role.VIEWER));
    }

    private WebTestClient as(String token) {
        return http.mutate().defaultHeaders(h -> h.setBearerAuth(token)).build();
    }

    /** Reads are served by the read model, a moment behind the command. */
    private static <T> T await(Supplier<T> read, java.util.function.Predicate<T> ready) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            T value = read.get();
            if (ready.test(value)) {
                return value;
            }
            assertThat(Instant.now()).as("read model caught up in time").isBefore(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private EventEnvelope awaitPublished(String aggregateId, String type) {
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
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    EventEnvelope envelope = codec.decode(record.value());
                    if (envelope.aggregateId().equals(aggregateId) && envelope.type().equals(type)) {
                        assertThat(record.key()).isEqualTo(aggregateId);
                        return envelope;
                    }
                }
            }
        }
        throw new AssertionError("no " + type + " for " + aggregateId + " on " + Topics.PROCEDURE_EVENTS + " within 30 s");
    }

}
