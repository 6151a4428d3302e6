package jp.madoguchi.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.madoguchi.deploy.Launcher;
import jp.madoguchi.deploy.LauncherOptions;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ConversationCompleted;
import jp.madoguchi.platform.security.Role;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Applications end to end: ConversationCompleted on Kafka → procedure-service's Application
 * aggregate (receipt number, event store) → the work-queue projection → visible over HTTP.
 * Phase 1 sends a burst and reports how many applications per second become visible; phase 2
 * sends at a steady 80 % of that rate and reports the projection lag (completedAt → first seen
 * in the queue) at p50/p99. Prints figures; asserts nothing.
 *
 * <pre>./mvnw -q -B install -DskipTests && ./mvnw -q -B -Pbench-applications -pl deploy test-compile exec:exec [-Dbench.burst=3000]</pre>
 */
public final class ApplicationsBenchmark {

    private static final String TOWN = "014834";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final IntegrationEventCodec CODEC = new IntegrationEventCodec();

    private ApplicationsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int burst = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Path data = Files.createTempDirectory("madoguchi-bench-");
        try (Launcher launcher = Launcher.start(new LauncherOptions(data, true, 3_000));
             KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, launcher.platform().kafka().bootstrapServers(),
                     ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            URI queue = launcher.url("procedure-service").resolve("/api/towns/" + TOWN + "/applications");
            String token = launcher.tokens().town(TOWN, Role.STAFF);

            send(kafka, 200, 0, "warmup");
            awaitTotal(queue, token, 200, Duration.ofMinutes(2));

            long start = System.nanoTime();
            send(kafka, burst, 0, "burst");
            awaitTotal(queue, token, 200 + burst, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = burst / seconds;
            System.out.printf("%nburst: %d applications visible in the work queue in %.1f s = %.0f applications/s end to end%n", burst, seconds, rate);

            int paced = (int) Math.max(10, rate * 0.8);
            List<Long> lags = lagAtRate(kafka, queue, token, paced, Duration.ofSeconds(20), 200 + burst);
            Collections.sort(lags);
            System.out.printf("steady %d applications/s for 20 s: %d seen, projection lag p50 %d ms, p99 %d ms, max %d ms%n%n",
                    paced, lags.size(), pct(lags, 50), pct(lags, 99), lags.isEmpty() ? 0 : lags.get(lags.size() - 1));
        }
    }

    /** Sends at {@code perSecond} for {@code length} while a poller notes when each application first shows in the queue. */
    private static List<Long> lagAtRate(KafkaProducer<String, byte[]> kafka, URI queue, String token, int perSecond, Duration length,
                                        long alreadyThere) throws Exception {
        Map<String, Long> lagByApplication = new ConcurrentHashMap<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Instant pacedStart = Instant.now();
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                try {
                    JsonNode page = get(queue.resolve(queue.getPath() + "?page=0&size=200"), token);
                    long now = System.currentTimeMillis();
                    for (JsonNode item : page.path("items")) {
                        Instant submitted = Instant.parse(item.path("submittedAt").asText());
                        if (submitted.isBefore(pacedStart)) {
                            continue; // warm-up and burst applications
                        }
                        lagByApplication.putIfAbsent(item.path("applicationId").asText(), now - submitted.toEpochMilli());
                    }
                    Thread.sleep(50);
                } catch (Exception e) {
                    return;
                }
            }
        }, "queue-poller");
        poller.start();
        long total = (long) perSecond * length.toSeconds();
        long startNanos = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = startNanos + i * 1_000_000_000L / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            send(kafka, 1, i, "paced");
        }
        kafka.flush();
        awaitTotal(queue, token, alreadyThere + total, Duration.ofMinutes(5));
        Thread.sleep(300);
        polling.set(false);
        poller.join();
        return new ArrayList<>(lagByApplication.values());
    }

    private static void send(KafkaProducer<String, byte[]> kafka, int count, long offset, String phase) {
        for (int i = 0; i < count; i++) {
            String conversationId = TOWN + ":bench-" + phase + "-" + (offset + i) + ":" + UUID.randomUUID();
            String resident = TOWN + ":LINE:Ubench" + (offset + i);
            Instant now = Instant.now();
            EventEnvelope envelope = CODEC.wrap(UUID.randomUUID(), TOWN, now, conversationId, 7, new ConversationCompleted(conversationId,
                    resident, "LINE", "Ubench" + (offset + i), "water-start", 1,
                    Map.of("startDate", "2026-12-01", "address", "苫前町字旭37-1", "paymentMethod", "slip", "phone", "0164-64-2211"),
                    List.of(), now));
            kafka.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS, conversationId, CODEC.encode(envelope)));
        }
    }

    private static void awaitTotal(URI queue, String token, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (get(queue.resolve(queue.getPath() + "?page=0&size=1"), token).path("total").asLong() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("work queue did not reach " + expected + " applications in " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode get(URI uri, String token) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static long pct(List<Long> sorted, int percentile) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
