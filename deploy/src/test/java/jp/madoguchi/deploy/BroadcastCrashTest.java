package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jp.madoguchi.platform.embedded.StaffTokens;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ResidentFollowed;
import jp.madoguchi.platform.security.Role;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broadcast to every friend of 苫前町 is under way when the launcher is killed with SIGKILL; after a restart on the
 * same data, the emulator (in this test's JVM, so it outlives the crash) shows every recipient received it exactly
 * once. The launcher sends two multicasts a second so that the kill lands mid-broadcast. Residents reach
 * notification-service as conversation-service publishes them ({@code ResidentFollowed} on its topic): the index and
 * the sending are what is under test. {@code -Dbroadcast.crash.recipients=50000} runs it at the size.
 */
// Runs only when asked (-Dbroadcast.crash.recipients=N): it has not yet been seen green on the shared machine.
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "broadcast.crash.recipients", matches = "\\d+")
class BroadcastCrashTest {

    private static final int RECIPIENTS = Integer.getInteger("broadcast.crash.recipients", 3_000);
    private static final String TEXT = "【試験】年末年始のごみ収集日のお知らせです。";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyRecipientGetsTheBroadcastExactlyOnceAcrossKillMinus9() throws Exception {
        int offset = LocalPlatform.randomPortOffset();
        URI notification = URI.create("http://localhost:" + (8084 + offset));
        List<String> props = List.of("-Dmadoguchi.broadcast.multicasts-per-second=2");
        try (LineEmulator line = LineEmulator.start(0)) {
            long started = System.nanoTime();
            Process first = LauncherProcess.start("broadcast-crash", data, offset, line.baseUrl(), props);
            String id;
            int beforeCrash;
            try {
                String token = StaffTokens.loadOrCreate(data.resolve("identity").resolve("signing-key.pem")).town(LocalPlatform.TOWN, Role.STAFF);
                followers(offset);
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
                        .until(() -> post(notification, "/api/towns/" + LocalPlatform.TOWN + "/segments/count", "{\"everyone\":true}", token)
                                .path("count").asInt() >= RECIPIENTS);
                long indexed = System.nanoTime();
                id = post(notification, "/api/towns/" + LocalPlatform.TOWN + "/broadcasts",
                        "{\"title\":\"年末年始のごみ収集\",\"text\":\"" + TEXT + "\"}", token).path("id").asText();
                await().atMost(Duration.ofSeconds(60)).until(() -> get(notification, broadcast(id), token) != null);
                post(notification, broadcast(id) + "/send", "{}", token);
                // kill once about a third has gone out, while the dispatcher goes on
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> received(line).size() >= RECIPIENTS / 3);
                first.destroyForcibly();
                first.waitFor(30, TimeUnit.SECONDS);
                beforeCrash = received(line).size();
                System.out.printf("broadcast crash test: %d residents indexed in %d s; killed after %d of %d deliveries%n",
                        RECIPIENTS, (indexed - started) / 1_000_000_000, beforeCrash, RECIPIENTS);
            } finally {
                first.destroyForcibly();
            }
            assertThat(beforeCrash).as("the crash came mid-broadcast").isLessThan(RECIPIENTS);

            Process second = LauncherProcess.start("broadcast-crash", data, offset, line.baseUrl(), props);
            try {
                String token = StaffTokens.loadOrCreate(data.resolve("identity").resolve("signing-key.pem")).town(LocalPlatform.TOWN, Role.STAFF);
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> "SENT".equals(get(notification, broadcast(id), token).path("status").asText()));
                Thread.sleep(3000); // a second copy of any chunk would show by now
                Map<String, Long> perResident = received(line).stream().collect(Collectors.groupingBy(d -> d, Collectors.counting()));
                assertThat(perResident).hasSize(RECIPIENTS);
                assertThat(perResident.values()).allMatch(n -> n == 1L);
                JsonNode sent = get(notification, broadcast(id), token);
                assertThat(sent.path("progress").path("delivered").asInt()).isEqualTo(RECIPIENTS);
                System.out.printf("broadcast crash test: after the restart all %d received it once (%d multicasts in all)%n",
                        RECIPIENTS, line.deliveries().stream().filter(d -> TEXT.equals(d.texts().get(0))).map(LineEmulator.Delivery::requestId).distinct().count());
            } finally {
                LauncherProcess.stop(second);
            }
        }
    }

    /** Who got the broadcast, one entry per delivery. */
    private static List<String> received(LineEmulator line) {
        return line.deliveries().stream().filter(d -> LineEmulator.MULTICAST.equals(d.kind()) && d.texts().contains(TEXT))
                .map(LineEmulator.Delivery::userId).toList();
    }

    private static void followers(int offset) throws Exception {
        IntegrationEventCodec codec = new IntegrationEventCodec();
        Instant at = Instant.now();
        try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + (19092 + offset),
                ProducerConfig.LINGER_MS_CONFIG, 20), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < RECIPIENTS; i++) {
                String user = String.format("Ucrash%027d", i);
                String resident = LocalPlatform.TOWN + ":LINE:" + user;
                kafka.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS, resident, codec.encode(codec.wrap(UUID.randomUUID(), LocalPlatform.TOWN, at,
                        resident, 0, new ResidentFollowed(resident, "LINE", user, at)))));
            }
            kafka.flush();
        }
    }

    private static String broadcast(String id) {
        return "/api/towns/" + LocalPlatform.TOWN + "/broadcasts/" + id;
    }

    private JsonNode post(URI base, String path, String body, String token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 201);
        return JSON.readTree(response.body());
    }

    /** The document, or null for a 404 (the board has not caught up yet). */
    private JsonNode get(URI base, String path, String token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 404 ? null : JSON.readTree(response.body());
    }
}
