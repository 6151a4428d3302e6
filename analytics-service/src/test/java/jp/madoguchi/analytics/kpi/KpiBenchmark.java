package jp.madoguchi.analytics.kpi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import jp.madoguchi.analytics.AnalyticsServiceApplication;
import jp.madoguchi.platform.embedded.EmbeddedPlatform;
import jp.madoguchi.platform.embedded.StaffTokens;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ApplicationStatusChanged;
import jp.madoguchi.platform.events.contracts.ApplicationSubmitted;
import jp.madoguchi.platform.events.contracts.ConversationAbandoned;
import jp.madoguchi.platform.events.contracts.ConversationCompleted;
import jp.madoguchi.platform.events.contracts.ConversationStarted;
import jp.madoguchi.platform.events.contracts.ResidentFollowed;
import jp.madoguchi.platform.events.contracts.ResidentUnfollowed;
import jp.madoguchi.platform.security.Role;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How long analytics-service takes to build, and to rebuild, one town's KPIs from N events (default 1,000,000,
 * {@code -Dbench.events}), and how long the KPI page's three queries then take. Run (see docs/kpi.md):
 * {@code ./mvnw -q -B -o -Pbench-kpi -pl analytics-service test-compile exec:exec}; {@code -Dbench.rebuild=false} stops after the
 * build and its queries; {@code -Dbench.seed=true} writes the projection's documents directly and times only the queries.
 */
public final class KpiBenchmark {

    private static final String TOWN = "014834";
    private static final Instant JUNE = Instant.parse("2026-06-01T01:00:00Z");
    private static final IntegrationEventCodec CODEC = new IntegrationEventCodec();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 1_000_000);
        StaffTokens tokens = StaffTokens.generate();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(Files.createTempDirectory("kpi-bench-"), EmbeddedPlatform.Ports.random())) {
            platform.postgres().createDatabaseIfMissing("madoguchi_analytics");
            List<String> props = new ArrayList<>(List.of("--server.port=0", "--madoguchi.security.public-key=" + tokens.publicKeyPem()));
            platform.springProperties("madoguchi_analytics").forEach((k, v) -> props.add("--" + k + "=" + v));
            try (ConfigurableApplicationContext analytics = new SpringApplicationBuilder(AnalyticsServiceApplication.class)
                    .properties(AnalyticsServiceApplication.CONFIG_NAME).run(props.toArray(String[]::new))) {
                URI base = URI.create("http://localhost:" + analytics.getEnvironment().getProperty("local.server.port"));
                String staff = tokens.town(TOWN, Role.STAFF);

                if (Boolean.getBoolean("bench.seed")) {
                    long t = System.nanoTime();
                    seed(analytics.getBean(jp.madoguchi.platform.tenancy.TenantMongo.class).database(jp.madoguchi.platform.tenancy.TenantId.of(TOWN)),
                            events);
                    System.out.printf("seeded the documents of %,d events in %.1f s%n", events, (System.nanoTime() - t) / 1e9);
                    System.out.println("details: " + get(base, staff, "/api/towns/" + TOWN + "/kpis/details?fiscalYear=2026"));
                    timeQueries(base, staff);
                    return;
                }
                long t0 = System.nanoTime();
                long[] expected = produce(platform.kafka().bootstrapServers(), events);
                System.out.printf("produced %,d events in %.1f s%n", events, (System.nanoTime() - t0) / 1e9);
                Predicate<JsonNode> done = d -> d.path("applications").path("received").asLong() == expected[0]
                        && d.path("friends").path("added").asLong() == expected[1]
                        && d.path("funnels").path(0).path("started").asLong() == expected[2];
                long t1 = System.nanoTime();
                await(base, staff, done, t1);
                System.out.printf("build:   %,d events projected in %.1f s (%.0f events/s)%n", events, (System.nanoTime() - t1) / 1e9,
                        events / ((System.nanoTime() - t1) / 1e9));
                timeQueries(base, staff);
                if (!Boolean.parseBoolean(System.getProperty("bench.rebuild", "true"))) {
                    return;
                }

                long t2 = System.nanoTime();
                HttpResponse<String> rebuild = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/operator/kpis/rebuild"))
                        .header("Authorization", "Bearer " + tokens.operator()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                System.out.println("rebuild answered " + rebuild.statusCode() + " " + rebuild.body());
                await(base, staff, done, t2);
                System.out.printf("rebuild: %,d events projected again in %.1f s%n", events, (System.nanoTime() - t2) / 1e9);
                timeQueries(base, staff);
            }
        }
        System.exit(0);
    }

    /** Per 10 events: 4 follows, 1 unfollow, a conversation (start + end), an application and its status change, a survey. */
    private static long[] produce(String bootstrap, int events) throws Exception {
        long applications = 0, follows = 0, conversations = 0;
        try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 131072), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i += 10) {
                for (int f = 0; f < 4; f++) {
                    String resident = "r-" + i + "-" + f;
                    send(kafka, Topics.CONVERSATION_EVENTS, resident, 0, new ResidentFollowed(resident, "LINE", "U" + i + f, JUNE));
                    follows++;
                }
                send(kafka, Topics.CONVERSATION_EVENTS, "r-" + i + "-0", 1, new ResidentUnfollowed("r-" + i + "-0", "LINE", JUNE));
                String session = "s-" + i;
                send(kafka, Topics.CONVERSATION_EVENTS, session, 0, new ConversationStarted("c-" + i, "r-" + i, "water-start", 1, "LINE", JUNE));
                send(kafka, Topics.CONVERSATION_EVENTS, session, 5, i % 30 == 0
                        ? new ConversationAbandoned("c-" + i, "r-" + i, "water-start", 1, "EXPIRED", JUNE, "step-" + (i % 7))
                        : new ConversationCompleted("c-" + i, "r-" + i, "LINE", "U" + i, "water-start", 1, Map.of(), List.of(), JUNE));
                conversations++;
                String app = "a-" + i;
                send(kafka, Topics.PROCEDURE_EVENTS, app, 0, new ApplicationSubmitted(app, "R" + i, "water-start", 1, "r-" + i,
                        i % 20 == 0 ? "WEB" : "LINE", Map.of(), JUNE));
                send(kafka, Topics.PROCEDURE_EVENTS, app, 1, new ApplicationStatusChanged(app, "R" + i, "water-start", "r-" + i, "LINE", "U",
                        "RECEIVED", "COMPLETED", "", JUNE.plus(Duration.ofHours(1 + i % 48))));
                applications++;
                send(kafka, Topics.CONVERSATION_EVENTS, "v-" + i, 0, new ConversationCompleted("sv-" + i, "r-" + i, "LINE", "U", "satisfaction-survey",
                        1, i % 5 == 0 ? Map.of("satisfaction", String.valueOf(1 + i % 5), "comment", "意見 " + i)
                        : Map.of("satisfaction", String.valueOf(1 + i % 5)), List.of(), JUNE));
            }
        }
        return new long[] {applications, follows, conversations};
    }

    /**
     * Writes straight into Mongo what the projection leaves after {@link #produce}'s events: the per-thing documents and
     * the year's counters and comments. The reads then run against a town of N events without the hours the build takes
     * on a loaded machine; they touch only the counter documents, so the per-thing documents are there for the size.
     */
    private static void seed(com.mongodb.reactivestreams.client.MongoDatabase db, int events) {
        Map<String, List<org.bson.Document>> things = Map.of(KpiProjection.FRIENDS, new ArrayList<>(), KpiProjection.CONVERSATIONS,
                new ArrayList<>(), KpiProjection.APPLICATIONS, new ArrayList<>(), KpiProjection.SATISFACTION, new ArrayList<>());
        Map<String, Long> counts = new java.util.TreeMap<>();
        java.util.TreeSet<String> comments = new java.util.TreeSet<>();
        long june = JUNE.toEpochMilli();
        for (int i = 0; i < events; i += 10) {
            for (int f = 0; f < 4; f++) {
                things.get(KpiProjection.FRIENDS).add(new org.bson.Document("_id", KpiProjection.pseudonym("r-" + i + "-" + f))
                        .append("following", f != 0).append("seq", f == 0 ? 1L : 0L));
            }
            counts.merge("friends.added", 4L, Long::sum);
            counts.merge("friends.blocked", 1L, Long::sum);
            counts.merge("friends.following", 3L, Long::sum);
            boolean abandoned = i % 30 == 0;
            things.get(KpiProjection.CONVERSATIONS).add(new org.bson.Document("_id", "c-" + i).append("fiscalYear", 2026)
                    .append("procedureId", "water-start").append("state", abandoned ? "abandoned" : "completed")
                    .append("step", abandoned ? "step-" + (i % 7) : null).append("seq", 5L));
            counts.merge("funnels.water-start.started", 1L, Long::sum);
            counts.merge(abandoned ? "funnels.water-start.abandoned" : "funnels.water-start.completed", 1L, Long::sum);
            if (abandoned) {
                counts.merge("funnels.water-start.steps.step-" + (i % 7), 1L, Long::sum);
            }
            String channel = i % 20 == 0 ? "WEB" : "LINE";
            long completedAt = june + Duration.ofHours(1 + i % 48).toMillis();
            things.get(KpiProjection.APPLICATIONS).add(new org.bson.Document("_id", "a-" + i).append("fiscalYear", 2026)
                    .append("procedureId", "water-start").append("channel", channel).append("submittedAtMs", june)
                    .append("status", "COMPLETED").append("completedAtMs", completedAt).append("seq", 1L));
            counts.merge("applications.received", 1L, Long::sum);
            counts.merge("applications.byProcedure.water-start", 1L, Long::sum);
            counts.merge("applications.byChannel." + channel, 1L, Long::sum);
            counts.merge("processing.completed", 1L, Long::sum);
            counts.merge("processing.millis", completedAt - june, Long::sum);
            int score = 1 + i % 5;
            String comment = i % 5 == 0 ? "意見 " + i : "";
            things.get(KpiProjection.SATISFACTION).add(new org.bson.Document("_id", "sv-" + i).append("fiscalYear", 2026)
                    .append("score", score).append("comment", comment).append("answeredAtMs", june).append("seq", 0L));
            counts.merge("satisfaction.answers", 1L, Long::sum);
            counts.merge("satisfaction.sum", (long) score, Long::sum);
            if (!comment.isEmpty()) {
                comments.add("sv-" + i);
                if (comments.size() > KpiBreakdowns.COMMENTS_LIMIT) {
                    comments.pollFirst();
                }
            }
        }
        things.forEach((collection, docs) -> {
            for (int from = 0; from < docs.size(); from += 1000) {
                reactor.core.publisher.Mono.from(db.getCollection(collection).insertMany(docs.subList(from, Math.min(docs.size(), from + 1000))))
                        .block();
            }
        });
        org.bson.Document year = new org.bson.Document("_id", 2026).append("lastEventAtMs", june).append("markers", List.of());
        counts.forEach((field, n) -> {
            org.bson.Document at = year;
            String[] path = field.split("\\.");
            for (int p = 0; p < path.length - 1; p++) {
                at = (org.bson.Document) at.computeIfAbsent(path[p], k -> new org.bson.Document());
            }
            at.put(path[path.length - 1], n);
        });
        reactor.core.publisher.Mono.from(db.getCollection(KpiCounters.COLLECTION).insertOne(year)).block();
        List<org.bson.Document> newest = comments.descendingSet().stream().map(id -> new org.bson.Document("id", id).append("score", 1)
                .append("comment", "意見 " + id.substring(3)).append("answeredAtMs", june)).toList();
        reactor.core.publisher.Mono.from(db.getCollection(KpiCounters.COMMENTS).insertOne(new org.bson.Document("_id", 2026).append("items", newest)))
                .block();
    }

    private static void send(KafkaProducer<String, byte[]> kafka, String topic, String aggregate, long seq, Record payload) {
        EventEnvelope e = CODEC.wrap(UUID.randomUUID(), TOWN, JUNE, aggregate, seq, payload);
        kafka.send(new ProducerRecord<>(topic, e.aggregateId(), CODEC.encode(e)));
    }

    /**
     * Waits until the projection has every event; about once a minute prints how far it is and what the page's queries
     * take at that size, so a run cut short still shows the rate and the curve.
     */
    private static void await(URI base, String token, Predicate<JsonNode> done, long since) throws Exception {
        long lastReport = System.nanoTime();
        JsonNode details;
        while (!done.test(details = JSON.readTree(get(base, token, "/api/towns/" + TOWN + "/kpis/details?fiscalYear=2026")))) {
            if (System.nanoTime() - lastReport > 60e9) {
                lastReport = System.nanoTime();
                System.out.printf("  after %.0f s: ~%,d events projected; queries now: %s%n", (lastReport - since) / 1e9,
                        projected(details), quickTimes(base, token));
            }
            Thread.sleep(2000);
        }
    }

    /** The details count 9 of every 10 events produced (all but the survey answer, which has no funnel start). */
    private static long projected(JsonNode details) {
        JsonNode funnel = details.path("funnels").path(0);
        long counted = details.path("friends").path("added").asLong() + details.path("friends").path("blocked").asLong()
                + funnel.path("started").asLong() + funnel.path("completed").asLong() + funnel.path("abandoned").asLong()
                + details.path("applications").path("received").asLong() + details.path("processing").path("completed").asLong();
        return counted * 10 / 9;
    }

    private static String quickTimes(URI base, String token) throws Exception {
        StringBuilder times = new StringBuilder();
        for (String path : List.of("/kpis?fiscalYear=2026", "/kpis/details?fiscalYear=2026", "/kpis/comments?fiscalYear=2026")) {
            long[] millis = new long[5];
            for (int i = 0; i < millis.length; i++) {
                long t = System.nanoTime();
                get(base, token, "/api/towns/" + TOWN + path);
                millis[i] = (System.nanoTime() - t) / 1_000_000;
            }
            Arrays.sort(millis);
            times.append(path, 0, path.indexOf('?')).append(' ').append(millis[2]).append(" ms  ");
        }
        return times.toString().strip();
    }

    /** The KPI page's three calls, as the portal makes them, 20 times each after a warm-up. */
    private static void timeQueries(URI base, String token) throws Exception {
        for (String path : List.of("/kpis?fiscalYear=2026", "/kpis/details?fiscalYear=2026", "/kpis/comments?fiscalYear=2026")) {
            get(base, token, "/api/towns/" + TOWN + path);
            long[] millis = new long[20];
            for (int i = 0; i < millis.length; i++) {
                long t = System.nanoTime();
                get(base, token, "/api/towns/" + TOWN + path);
                millis[i] = (System.nanoTime() - t) / 1_000_000;
            }
            Arrays.sort(millis);
            System.out.printf("query %-32s median %d ms, max %d ms%n", path, millis[10], millis[19]);
        }
    }

    private static String get(URI base, String token, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
