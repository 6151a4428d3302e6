package jp.madoguchi.deploy.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.madoguchi.deploy.Launcher;
import jp.madoguchi.deploy.LauncherOptions;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import jp.madoguchi.platform.embedded.line.LineWebhookSigner;
import jp.madoguchi.platform.security.Role;

/**
 * One town cannot hold up another. Against the launcher (in this JVM, fresh data under target/bench-fairness):
 * town B (羽幌町) has {@code bench.residents} (20) residents who each take a step of the six-step survey every
 * 5 s; first alone for {@code bench.seconds} (60), then while town A (苫前町) floods the inbox with
 * {@code bench.flood} (1,000) events/s — a disaster broadcast answered by thousands: each a text 「はい」 from
 * a resident with no conversation, sent {@code bench.floodBatch} (10) events per webhook request as LINE does
 * under load. Prints town B's webhook → reply p50/p99 in both phases, and how many of A's events were answered.
 * Not a test: run it on purpose, on an otherwise idle machine.
 *
 * <pre>
 * ./mvnw -q -B install -DskipTests
 * ./mvnw -q -B -Pbench-fairness -pl deploy test-compile exec:exec
 * </pre>
 */
public final class FairnessBenchmark {

    private static final String TOWN_A = "014834";
    private static final String TOWN_B = "014842";

    record Step(String user, int step, Instant sentAt) {
    }

    record Result(String phase, int bSent, int bReplied, double bP50, double bP99, double bMax, double bAckP99, int aSent, int aAcked,
                  int aAnswered) {
    }

    private final LineEmulator line;
    private final URI conversation;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(16)).build();

    FairnessBenchmark(LineEmulator line, URI conversation) {
        this.line = line;
        this.conversation = conversation;
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 60);
        int residents = Integer.getInteger("bench.residents", 20);
        int flood = Integer.getInteger("bench.flood", 1_000);
        int floodBatch = Integer.getInteger("bench.floodBatch", 10);
        Path data = Path.of(System.getProperty("bench.data", "target/bench-fairness"));
        Files.createDirectories(data);
        List<Result> results = new ArrayList<>();
        try (Launcher launcher = Launcher.start(new LauncherOptions(data, true, 3_200))) {
            SurveyLoad.publish(launcher.url("procedure-service"), TOWN_B, launcher.tokens().town(TOWN_B, Role.ADMIN));
            FairnessBenchmark bench = new FairnessBenchmark(launcher.platform().lineEmulator(), launcher.url("conversation-service"));
            bench.awaitSurvey();
            bench.phase("warm-up", Integer.getInteger("bench.warmup", 60), residents, 50, floodBatch);
            results.add(bench.phase("quiet", seconds, residents, 0, floodBatch));
            results.add(bench.phase("flood", seconds, residents, flood, floodBatch));
        }
        StringBuilder out = new StringBuilder("\n| phase | town A events/s | B steps | B replied | B reply p50 ms | B reply p99 ms | B max ms "
                + "| B webhook ack p99 ms | A sent | A acked | A answered when the phase ended |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            out.append("| %s | %d | %d | %d | %.0f | %.0f | %.0f | %.0f | %d | %d | %d |%n".formatted(r.phase(), r.aSent() / seconds,
                    r.bSent(), r.bReplied(), r.bP50(), r.bP99(), r.bMax(), r.bAckP99(), r.aSent(), r.aAcked(), r.aAnswered()));
        }
        out.append("(").append(Runtime.getRuntime().availableProcessors()).append(" cores, launcher and load generator in one JVM)\n");
        System.out.println(out);
        System.exit(0);
    }

    void awaitSurvey() throws Exception {
        String probe = LineWebhookBodies.newUserId();
        for (int i = 0; i < 60; i++) {
            post(TOWN_B, List.of(SurveyLoad.event(probe, 0, line.issueReplyToken(probe), LineWebhookBodies.newWebhookEventId(), false)));
            Thread.sleep(1000);
            if (line.deliveriesTo(probe).stream().anyMatch(d -> d.messages().toString().contains(SurveyLoad.PROMPTS.get(0)))) {
                return;
            }
        }
        throw new IllegalStateException("the survey never reached conversation-service");
    }

    Result phase(String name, int seconds, int residents, int floodPerSecond, int floodBatch) throws Exception {
        line.reset();
        System.out.printf("phase %s: town A %d events/s for %d s, town B %d residents%n", name, floodPerSecond, seconds, residents);
        List<Step> bSteps = Collections.synchronizedList(new ArrayList<>());
        List<Double> bAcks = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger aSent = new AtomicInteger();
        AtomicInteger aAcked = new AtomicInteger();
        List<String> aUsers = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(4);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        // town B: each resident every 5 s, spread over the 5 s
        for (int r = 0; r < residents; r++) {
            String user = LineWebhookBodies.newUserId();
            int[] step = {0};
            timer.scheduleAtFixedRate(() -> {
                if (System.nanoTime() > end) {
                    return;
                }
                int s = step[0]++ % SurveyLoad.STEPS;
                long sentAt = System.nanoTime();
                bSteps.add(new Step(user, s, Instant.now()));
                postAsync(TOWN_B, List.of(SurveyLoad.event(user, s, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), false)),
                        null).thenRun(() -> bAcks.add((System.nanoTime() - sentAt) / 1e6));
            }, r * 5_000L / residents, 5_000, TimeUnit.MILLISECONDS);
        }
        // town A: open loop, floodBatch events per request
        if (floodPerSecond > 0) {
            long periodMicros = 1_000_000L * floodBatch / floodPerSecond;
            timer.scheduleAtFixedRate(() -> {
                if (System.nanoTime() > end) {
                    return;
                }
                List<String> events = new ArrayList<>(floodBatch);
                for (int i = 0; i < floodBatch; i++) {
                    String user = LineWebhookBodies.newUserId();
                    aUsers.add(user);
                    events.add(text(user, line.issueReplyToken(user), "はい"));
                }
                aSent.addAndGet(floodBatch);
                postAsync(TOWN_A, events, aAcked);
            }, 0, periodMicros, TimeUnit.MICROSECONDS);
        }
        Thread.sleep(seconds * 1000L);
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        // B's replies: wait up to 30 s for the last ones
        List<Step> sent = List.copyOf(bSteps);
        Map<Step, Double> latencies = new HashMap<>();
        for (int wait = 0; wait < 30; wait++) {
            latencies = replies(sent);
            if (latencies.size() >= sent.size()) {
                break;
            }
            Thread.sleep(1000);
        }
        double[] sorted = latencies.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        printSlowest(latencies, sent.isEmpty() ? Instant.now() : sent.get(0).sentAt());
        double[] acks = List.copyOf(bAcks).stream().mapToDouble(Double::doubleValue).sorted().toArray();
        // let the flooded lane drain before the next phase (at most 3 minutes); the flood is the last phase
        for (int i = 0; i < 36 && floodPerSecond > 0 && !name.equals("flood"); i++) {
            int before = line.deliveries().size();
            Thread.sleep(5000);
            if (line.deliveries().size() == before) {
                break;
            }
        }
        java.util.Set<String> reached = new java.util.HashSet<>();
        line.deliveries().forEach(d -> reached.add(d.userId()));
        int answered = (int) aUsers.stream().filter(reached::contains).count();
        Result result = new Result(name, sent.size(), sorted.length, WebhookBenchmark.percentile(sorted, 50),
                WebhookBenchmark.percentile(sorted, 99), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1],
                WebhookBenchmark.percentile(acks, 99), aSent.get(), aAcked.get(),
                answered);
        System.out.println(result);
        return result;
    }

    /** When in the phase the eight slowest of B's replies were asked for: a tail at the start is a burst, a spread one is load. */
    private static void printSlowest(Map<Step, Double> latencies, Instant start) {
        latencies.entrySet().stream().sorted(Map.Entry.<Step, Double>comparingByValue().reversed()).limit(8)
                .forEach(e -> System.out.printf("  slow: %.0f ms, %d s into the phase (sent %s, to line up with a GC log)%n", e.getValue(),
                        Duration.between(start, e.getKey().sentAt()).toSeconds(), e.getKey().sentAt()));
    }

    /** Webhook → reply of each of B's steps: the first delivery to that resident after the step carrying its prompt. */
    private Map<Step, Double> replies(List<Step> sent) {
        Map<String, List<LineEmulator.Delivery>> byUser = new HashMap<>();
        for (Step s : sent) {
            byUser.computeIfAbsent(s.user(), line::deliveriesTo);
        }
        Map<Step, Double> latencies = new HashMap<>();
        for (Step s : sent) {
            String prompt = SurveyLoad.PROMPTS.get(s.step());
            byUser.get(s.user()).stream()
                    .filter(d -> !d.at().isBefore(s.sentAt()) && d.messages().toString().contains(prompt))
                    .findFirst()
                    .ifPresent(d -> latencies.put(s, Duration.between(s.sentAt(), d.at()).toNanos() / 1e6));
        }
        return latencies;
    }

    private static String text(String user, String replyToken, String text) {
        return "{\"type\":\"message\",\"mode\":\"active\",\"timestamp\":" + Instant.now().toEpochMilli()
                + ",\"source\":{\"type\":\"user\",\"userId\":\"" + user + "\"}"
                + ",\"webhookEventId\":\"" + LineWebhookBodies.newWebhookEventId() + "\""
                + ",\"deliveryContext\":{\"isRedelivery\":false},\"replyToken\":\"" + replyToken + "\""
                + ",\"message\":{\"type\":\"text\",\"id\":\"" + System.nanoTime() + "\",\"quoteToken\":\"q\",\"text\":\"" + text + "\"}}";
    }

    private HttpRequest request(String town, List<String> events) {
        byte[] body = LineWebhookBodies.request(events).getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(conversation.resolve("/line/webhook/" + town)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Line-Signature", LineWebhookSigner.sign(body, "demo-channel-secret-" + town))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private CompletableFuture<Void> postAsync(String town, List<String> events, AtomicInteger acked) {
        return http.sendAsync(request(town, events), HttpResponse.BodyHandlers.discarding()).thenAccept(r -> {
            if (acked != null && r.statusCode() == 200) {
                acked.addAndGet(events.size());
            }
        });
    }

    private void post(String town, List<String> events) throws Exception {
        http.send(request(town, events), HttpResponse.BodyHandlers.discarding());
    }
}
