package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.deploy.bench.SurveyLoad;
import jp.madoguchi.platform.embedded.StaffTokens;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import jp.madoguchi.platform.security.Role;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 20 residents each go through a six-step conversation by signed webhooks at a steady rate; the
 * launcher is killed with SIGKILL while webhooks are being acknowledged, restarted on the same data,
 * and the rest is sent (what failed during the crash is sent again, as LINE redelivers). LINE is an
 * emulator in this test's JVM (the launcher's {@code --line-api}), so it remembers across the crash.
 * Every acknowledged event is handled exactly once: each resident completes with all four answers
 * (ConversationCompleted once per resident on Kafka) and never receives the same reply twice.
 */
class ConversationCrashTest {

    private static final int RESIDENTS = 20;
    private static final long EVENT_INTERVAL_MILLIS = 50; // 20 events/s
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void everyAcknowledgedEventIsHandledOnceAcrossKillMinus9() throws Exception {
        int offset = LocalPlatform.randomPortOffset();
        URI webhook = URI.create("http://localhost:" + (8082 + offset) + "/line/webhook/" + LocalPlatform.TOWN);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (LineEmulator line = LineEmulator.start(0)) {
            List<String> users = new ArrayList<>();
            for (int i = 0; i < RESIDENTS; i++) {
                users.add(LineWebhookBodies.newUserId());
            }
            // step s of every resident, then step s + 1: the same webhook event id and token on every (re)send
            List<String[]> script = new ArrayList<>();
            for (int step = 0; step < SurveyLoad.STEPS; step++) {
                for (String user : users) {
                    script.add(new String[] {user, String.valueOf(step), line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId()});
                }
            }

            Process first = launch(offset, line);
            int next = 0;
            int acknowledgedBeforeCrash;
            try {
                StaffTokens tokens = StaffTokens.loadOrCreate(data.resolve("identity").resolve("signing-key.pem"));
                SurveyLoad.publish(URI.create("http://localhost:" + (8083 + offset)), LocalPlatform.TOWN,
                        tokens.town(LocalPlatform.TOWN, Role.ADMIN));
                awaitSurveyKnown(http, webhook, line);
                // SIGKILL once half the events are acknowledged, while the sending goes on
                int killAt = script.size() / 2;
                java.util.concurrent.atomic.AtomicInteger acknowledged = new java.util.concurrent.atomic.AtomicInteger();
                Thread killer = new Thread(() -> {
                    while (acknowledged.get() < killAt && first.isAlive()) {
                        sleep(5);
                    }
                    sleep(EVENT_INTERVAL_MILLIS / 2);
                    first.destroyForcibly();
                });
                killer.start();
                while (next < script.size()) {
                    if (send(http, webhook, script.get(next), false) != 200) {
                        break; // the launcher is gone: this one (acknowledged or not) is sent again after the restart
                    }
                    next++;
                    acknowledged.set(next);
                    Thread.sleep(EVENT_INTERVAL_MILLIS);
                }
                killer.join();
                acknowledgedBeforeCrash = next;
            } finally {
                first.destroyForcibly();
                first.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(acknowledgedBeforeCrash).as("the crash came while webhooks were being acknowledged")
                    .isBetween(10, script.size() - 10);

            Process second = launch(offset, line);
            try {
                // the one in flight at the crash is redelivered (LINE would, having seen no 200), then the rest
                assertThat(send(http, webhook, script.get(next), true)).isEqualTo(200);
                for (int i = next + 1; i < script.size(); i++) {
                    assertThat(send(http, webhook, script.get(i), false)).isEqualTo(200);
                    Thread.sleep(EVENT_INTERVAL_MILLIS);
                }

                Map<String, List<JsonNode>> completed = new HashMap<>();
                try {
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                        completed.clear();
                        completed.putAll(completedByResident(offset));
                        return completed.size() == RESIDENTS && everyoneGotTheLastReply(line, users);
                    });
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError(stuck(users, completed, line, acknowledgedBeforeCrash), e);
                }
                Thread.sleep(3000); // a duplicate completion or delivery would show by now
                completed.clear();
                completed.putAll(completedByResident(offset));
                for (String user : users) {
                    String resident = LocalPlatform.TOWN + ":LINE:" + user;
                    assertThat(completed.get(resident)).as("ConversationCompleted of " + resident).hasSize(1);
                    JsonNode answers = completed.get(resident).get(0).path("answers");
                    assertThat(answers.path("q1").asText()).isEqualTo("回答1");
                    assertThat(answers.path("q4").asText()).isEqualTo("回答4");

                    List<LineEmulator.Delivery> got = line.deliveriesTo(user);
                    for (String prompt : SurveyLoad.PROMPTS) {
                        assertThat(got.stream().filter(d -> d.messages().toString().contains(prompt)).count())
                                .as(user + " received 「" + prompt + "」").isEqualTo(1);
                    }
                    List<String> retryKeys = got.stream().map(LineEmulator.Delivery::retryKey).filter(k -> k != null).toList();
                    assertThat(retryKeys).as("push retry keys of " + user).doesNotHaveDuplicates();
                }
                System.out.printf("crash test: %d of %d events acknowledged before kill -9; %d deliveries (%d by push)%n",
                        acknowledgedBeforeCrash, script.size(), line.deliveries().size(),
                        line.deliveries().stream().filter(d -> LineEmulator.PUSH.equals(d.kind())).count());
            } finally {
                second.destroy();
                second.waitFor(60, TimeUnit.SECONDS);
                if (second.isAlive()) {
                    second.destroyForcibly();
                }
            }
        }
    }

    private static int send(HttpClient http, URI webhook, String[] line, boolean redelivery) {
        try {
            return SurveyLoad.post(http, webhook, LocalPlatform.DEMO_SECRET,
                    SurveyLoad.event(line[0], Integer.parseInt(line[1]), line[2], line[3], redelivery));
        } catch (Exception e) {
            return -1;
        }
    }

    /** The survey reached conversation-service: a probe resident starting it gets the first question. */
    private static void awaitSurveyKnown(HttpClient http, URI webhook, LineEmulator line) {
        String probe = LineWebhookBodies.newUserId();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            send(http, webhook, new String[] {probe, "0", line.issueReplyToken(probe), LineWebhookBodies.newWebhookEventId()}, false);
            Thread.sleep(700);
            return line.deliveriesTo(probe).stream().anyMatch(d -> d.messages().toString().contains(SurveyLoad.PROMPTS.get(0)));
        });
    }

    /** Who is missing what, for a failure: resident number, completed or not, and the prompts they received. */
    private static String stuck(List<String> users, Map<String, List<JsonNode>> completed, LineEmulator line, int acknowledgedBeforeCrash) {
        StringBuilder out = new StringBuilder("not every resident finished (" + acknowledgedBeforeCrash
                + " events acknowledged before the crash; launcher output in target/crash-test-launcher-*.log):");
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            List<String> prompts = line.deliveriesTo(user).stream()
                    .map(d -> SurveyLoad.PROMPTS.stream().filter(p -> d.messages().toString().contains(p)).findFirst().orElse("?") + "/" + d.kind())
                    .toList();
            boolean done = completed.containsKey(LocalPlatform.TOWN + ":LINE:" + user);
            if (!done || prompts.stream().noneMatch(p -> p.startsWith(SurveyLoad.PROMPTS.get(SurveyLoad.PROMPTS.size() - 1)))) {
                out.append("\n  resident ").append(i).append(done ? " completed" : " not completed").append(", received ").append(prompts);
            }
        }
        return out.toString();
    }

    private static boolean everyoneGotTheLastReply(LineEmulator line, List<String> users) {
        return users.stream().allMatch(u -> line.deliveriesTo(u).stream()
                .anyMatch(d -> d.messages().toString().contains(SurveyLoad.PROMPTS.get(SurveyLoad.PROMPTS.size() - 1))));
    }

    /** Every ConversationCompleted on Kafka, by resident (the payloads). */
    private static Map<String, List<JsonNode>> completedByResident(int offset) throws IOException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + (19092 + offset));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-test-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, List<JsonNode>> byResident = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("madoguchi.conversation.events"));
            long deadline = System.currentTimeMillis() + 6000;
            int emptyPolls = 0;
            while (System.currentTimeMillis() < deadline && emptyPolls < 3) {
                var records = consumer.poll(Duration.ofMillis(700));
                if (records.isEmpty() && !consumer.assignment().isEmpty()) {
                    emptyPolls++;
                }
                for (ConsumerRecord<String, String> r : records) {
                    JsonNode envelope = JSON.readTree(r.value());
                    if ("ConversationCompleted".equals(envelope.path("type").asText())) {
                        JsonNode payload = envelope.path("payload");
                        byResident.computeIfAbsent(payload.path("residentId").asText(), k -> new ArrayList<>()).add(payload);
                    }
                }
            }
        }
        return byResident;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Process launch(int offset, LineEmulator line) throws IOException, InterruptedException {
        return LauncherProcess.start("crash-test", data, offset, line.baseUrl(),
                // the emulator's reply tokens do not expire: let the restarted launcher still use those issued before the crash
                List.of("-Dmadoguchi.line.reply-token-ttl=10m"));
    }
}
