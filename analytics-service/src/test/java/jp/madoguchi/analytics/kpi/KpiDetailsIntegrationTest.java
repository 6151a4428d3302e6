package jp.madoguchi.analytics.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.madoguchi.analytics.AnalyticsServiceApplication;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ApplicationStatusChanged;
import jp.madoguchi.platform.events.contracts.ApplicationSubmitted;
import jp.madoguchi.platform.events.contracts.BroadcastSent;
import jp.madoguchi.platform.events.contracts.ConversationAbandoned;
import jp.madoguchi.platform.events.contracts.ConversationCompleted;
import jp.madoguchi.platform.events.contracts.ConversationStarted;
import jp.madoguchi.platform.events.contracts.ResidentFollowed;
import jp.madoguchi.platform.events.contracts.ResidentUnfollowed;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/** The breakdowns behind a town's KPIs, and a rebuild from the start of the topics that gives them again exactly. */
// a loaded shared machine can take more than the default 5 s to answer
@AutoConfigureWebTestClient(timeout = "30s")
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = AnalyticsServiceApplication.CONFIG_NAME)
class KpiDetailsIntegrationTest {

    private static final String TOWN = "011002";
    private static final Instant JUNE = Instant.parse("2026-06-01T01:00:00Z");

    @Autowired
    WebTestClient http;
    @Autowired
    TenantMongo mongo;

    private final IntegrationEventCodec codec = new IntegrationEventCodec();

    @Test
    void breaksTheYearDownAndARebuildFromTheTopicsGivesTheSameKpis() throws Exception {
        try (KafkaProducer<String, byte[]> kafka = producer()) {
            // friends: two follow, one of them blocks; a follow in the last fiscal year does not count in this one
            send(kafka, Topics.CONVERSATION_EVENTS, "r-a", 0, new ResidentFollowed("r-a", "LINE", "Ua", JUNE));
            send(kafka, Topics.CONVERSATION_EVENTS, "r-b", 0, new ResidentFollowed("r-b", "LINE", "Ub", JUNE));
            send(kafka, Topics.CONVERSATION_EVENTS, "r-b", 1, new ResidentUnfollowed("r-b", "LINE", JUNE.plusSeconds(60)));
            send(kafka, Topics.CONVERSATION_EVENTS, "r-c", 0, new ResidentFollowed("r-c", "LINE", "Uc", Instant.parse("2026-03-01T00:00:00Z")));
            // broadcasts
            send(kafka, Topics.NOTIFICATION_EVENTS, "b-1", 0, new BroadcastSent("b-1", "ごみの日", "all", 120, 120, 0, JUNE));
            send(kafka, Topics.NOTIFICATION_EVENTS, "b-2", 0, new BroadcastSent("b-2", "断水", "district:1", 30, 29, 1, JUNE));
            // applications: two by LINE, one on the web; one completed 36 hours after submission
            send(kafka, Topics.PROCEDURE_EVENTS, "a-1", 0, submitted("a-1", "water-start", "LINE"));
            send(kafka, Topics.PROCEDURE_EVENTS, "a-1", 1, new ApplicationStatusChanged("a-1", "R1", "water-start", "r-a", "LINE", "Ua",
                    "RECEIVED", "COMPLETED", "", JUNE.plus(Duration.ofHours(36))));
            send(kafka, Topics.PROCEDURE_EVENTS, "a-2", 0, submitted("a-2", "water-start", "WEB"));
            send(kafka, Topics.PROCEDURE_EVENTS, "a-3", 0, submitted("a-3", "oversized-waste", "LINE"));
            // funnel of water-start: four begun, one completed, two gave up on the address step, one on the date step
            conversation(kafka, "s-1", "c-1", "completed", null);
            conversation(kafka, "s-2", "c-2", "abandoned", "address");
            conversation(kafka, "s-3", "c-3", "abandoned", "address");
            conversation(kafka, "s-4", "c-4", "abandoned", "date");
            conversation(kafka, "s-5", "c-5", "started", null);
            // a survey answer with a comment
            send(kafka, Topics.CONVERSATION_EVENTS, "s-6", 3, new ConversationCompleted("c-6", "r-a", "LINE", "Ua", "satisfaction-survey", 1,
                    Map.of("satisfaction", "2", "wantsComment", "yes", "comment", " 窓口が遠い "), List.of(), JUNE));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> details()
                .jsonPath("$.friends.added").isEqualTo(2)
                .jsonPath("$.friends.blocked").isEqualTo(1)
                .jsonPath("$.friends.net").isEqualTo(1)
                .jsonPath("$.broadcasts.sent").isEqualTo(2)
                .jsonPath("$.broadcasts.recipients").isEqualTo(150)
                .jsonPath("$.applications.received").isEqualTo(3)
                .jsonPath("$.applications.byProcedure.water-start").isEqualTo(2)
                .jsonPath("$.applications.byChannel.LINE").isEqualTo(2)
                .jsonPath("$.applications.byChannel.WEB").isEqualTo(1)
                .jsonPath("$.processing.completed").isEqualTo(1)
                .jsonPath("$.processing.meanHours").isEqualTo(36.0)
                .jsonPath("$.funnels[?(@.procedureId == 'water-start')].started").isEqualTo(List.of(5))
                .jsonPath("$.funnels[?(@.procedureId == 'water-start')].completed").isEqualTo(List.of(1))
                .jsonPath("$.funnels[?(@.procedureId == 'water-start')].inProgress").isEqualTo(List.of(1))
                .jsonPath("$.funnels[?(@.procedureId == 'water-start')].abandonedAtStep.address").isEqualTo(List.of(2))
                .jsonPath("$.funnels[?(@.procedureId == 'water-start')].worstStep").isEqualTo(List.of("address")));
        // friends at the end of each year: r-c followed in FY2025; in FY2026 r-a followed and r-b came and went
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            asStaff().get().uri("/api/towns/{t}/kpis?fiscalYear=2025", TOWN).exchange().expectBody().jsonPath("$.friends.actual").isEqualTo(1);
            asStaff().get().uri("/api/towns/{t}/kpis?fiscalYear=2026", TOWN).exchange().expectBody().jsonPath("$.friends.actual").isEqualTo(2);
        });
        asStaff().get().uri("/api/towns/{t}/kpis/comments?fiscalYear=2026", TOWN).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].score").isEqualTo(2)
                .jsonPath("$[0].comment").isEqualTo("窓口が遠い");

        // the operators' overview: this town's activity among every town's; staff never see it
        http.mutate().defaultHeaders(h -> h.setBearerAuth(EmbeddedPlatformExtension.tokens().operator())).build()
                .get().uri("/api/operator/kpis/towns?fiscalYear=2026").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.tenantId == '011002')].friends").isEqualTo(List.of(2))
                .jsonPath("$[?(@.tenantId == '011002')].applications").isEqualTo(List.of(3))
                .jsonPath("$[?(@.tenantId == '011002')].conversations").isEqualTo(List.of(5))
                .jsonPath("$[?(@.tenantId == '011002')].lastActivityAt").isEqualTo(List.of("2026-06-01T01:00:00Z"));
        asStaff().get().uri("/api/operator/kpis/towns").exchange().expectStatus().isForbidden();

        String report = body("/api/towns/{t}/kpis?fiscalYear=2026"), details = body("/api/towns/{t}/kpis/details?fiscalYear=2026");
        // a projection gone wrong (a counter off by one) must not survive the rebuild
        Mono.from(mongo.database(TenantId.of(TOWN)).getCollection(KpiCounters.COLLECTION)
                .updateOne(new Document("_id", 2026), new Document("$inc", new Document("applications.byProcedure.x", 1)))).block();
        assertThat(body("/api/towns/{t}/kpis/details?fiscalYear=2026")).isNotEqualTo(details);

        http.mutate().defaultHeaders(h -> h.setBearerAuth(EmbeddedPlatformExtension.tokens().operator())).build()
                .post().uri("/api/operator/kpis/rebuild").exchange().expectStatus().isAccepted();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(body("/api/towns/{t}/kpis/details?fiscalYear=2026")).isEqualTo(details);
            assertThat(body("/api/towns/{t}/kpis?fiscalYear=2026")).isEqualTo(report);
        });
    }

    /** A crash between adding an event's counts and recording the event replays it: the counts must not add up twice. */
    @Test
    void countsAddedAgainForTheSameEventCountOnce() {
        var db = mongo.database(TenantId.of("011011"));
        var delta = java.util.Map.of(new KpiCounters.Slot(2026, "applications.received"), 1L,
                new KpiCounters.Slot(2026, "applications.byProcedure.a%2Eb"), 1L);
        KpiCounters.add(db, "event-1:kpi_applications", delta, JUNE).block();
        KpiCounters.add(db, "event-1:kpi_applications", delta, JUNE).block();
        KpiCounters.add(db, "event-2:kpi_applications", delta, JUNE).block();
        http.mutate().defaultHeaders(h -> h.setBearerAuth(EmbeddedPlatformExtension.tokens().town("011011", Role.STAFF))).build()
                .get().uri("/api/towns/011011/kpis/details?fiscalYear=2026").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.applications.received").isEqualTo(2)
                .jsonPath("$.applications.byProcedure['a.b']").isEqualTo(2);
    }

    /** A year keeps its newest comments only, newest first; one added again after it was cut stays out, one kept stays once. */
    @Test
    void keepsTheNewestCommentsOfAYearOnceEach() {
        var db = mongo.database(TenantId.of("011029"));
        for (int i = 0; i < KpiBreakdowns.COMMENTS_LIMIT + 5; i++) {
            KpiCounters.comment(db, 2026, comment(i)).block();
        }
        KpiCounters.comment(db, 2026, comment(0)).block(); // cut already: an older one replayed
        KpiCounters.comment(db, 2026, comment(KpiBreakdowns.COMMENTS_LIMIT + 4)).block(); // kept: replayed
        http.mutate().defaultHeaders(h -> h.setBearerAuth(EmbeddedPlatformExtension.tokens().town("011029", Role.STAFF))).build()
                .get().uri("/api/towns/011029/kpis/comments?fiscalYear=2026").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(KpiBreakdowns.COMMENTS_LIMIT)
                .jsonPath("$[0].comment").isEqualTo("意見 " + (KpiBreakdowns.COMMENTS_LIMIT + 4))
                .jsonPath("$[1].comment").isEqualTo("意見 " + (KpiBreakdowns.COMMENTS_LIMIT + 3))
                .jsonPath("$[" + (KpiBreakdowns.COMMENTS_LIMIT - 1) + "].comment").isEqualTo("意見 5");
    }

    private static Document comment(int i) {
        return new Document("id", "c-" + i).append("score", 3).append("comment", "意見 " + i).append("answeredAtMs", 1_780_000_000_000L + i);
    }

    /** Each town reads its own counters: another town's staff are refused, and a town without events reads zeros. */
    @Test
    void aTownNeverSeesAnotherTownsNumbers() {
        asStaff().get().uri("/api/towns/{t}/kpis/details", "014834").exchange().expectStatus().isForbidden();
        asStaff().get().uri("/api/towns/{t}/kpis/comments", "014834").exchange().expectStatus().isForbidden();
        http.mutate().defaultHeaders(h -> h.setBearerAuth(EmbeddedPlatformExtension.tokens().town("014842", Role.STAFF))).build()
                .get().uri("/api/towns/014842/kpis/details?fiscalYear=2026").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.applications.received").isEqualTo(0)
                .jsonPath("$.funnels.length()").isEqualTo(0);
    }

    @Test
    void onlyOperatorsMayRebuild() {
        asStaff().post().uri("/api/operator/kpis/rebuild").exchange().expectStatus().isForbidden();
    }

    private void conversation(KafkaProducer<String, byte[]> kafka, String session, String id, String end, String step) throws Exception {
        send(kafka, Topics.CONVERSATION_EVENTS, session, 0, new ConversationStarted(id, "r-" + id, "water-start", 1, "LINE", JUNE));
        if (end.equals("completed")) {
            send(kafka, Topics.CONVERSATION_EVENTS, session, 4, new ConversationCompleted(id, "r-" + id, "LINE", "U" + id, "water-start", 1,
                    Map.of(), List.of(), JUNE));
        } else if (end.equals("abandoned")) {
            send(kafka, Topics.CONVERSATION_EVENTS, session, 3, new ConversationAbandoned(id, "r-" + id, "water-start", 1, "EXPIRED", JUNE, step));
        }
    }

    private static ApplicationSubmitted submitted(String id, String procedure, String channel) {
        return new ApplicationSubmitted(id, "R-" + id, procedure, 1, "r-a", channel, Map.of(), JUNE);
    }

    private WebTestClient.BodyContentSpec details() {
        return asStaff().get().uri("/api/towns/{t}/kpis/details?fiscalYear=2026", TOWN).exchange().expectStatus().isOk().expectBody();
    }

    private String body(String uri) {
        return asStaff().get().uri(uri, TOWN).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    private WebTestClient asStaff() {
        return http.mutate().defaultHeaders(h -> h.setBearerAuth(EmbeddedPlatformExtension.tokens().town(TOWN, Role.STAFF))).build();
    }

    private void send(KafkaProducer<String, byte[]> kafka, String topic, String aggregate, long seq, Record payload) throws Exception {
        EventEnvelope e = codec.wrap(UUID.randomUUID(), TOWN, JUNE, aggregate, seq, payload);
        kafka.send(new ProducerRecord<>(topic, e.aggregateId(), codec.encode(e))).get();
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers")),
                new StringSerializer(), new ByteArraySerializer());
    }
}
