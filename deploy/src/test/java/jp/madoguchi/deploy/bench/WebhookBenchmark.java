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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import jp.madoguchi.deploy.Launcher;
import jp.madoguchi.deploy.LauncherOptions;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import jp.madoguchi.platform.embedded.line.LineWebhookSigner;
import jp.madoguchi.platform.security.Role;

/**
 * Webhook load against the launcher (in this JVM, fresh data under target/bench-webhooks): residents go
 * through the six-step {@link SurveyLoad} survey by signed webhooks, open loop at a fixed rate (a
 * resident's next step is sent once its previous one is acknowledged). Measures the acknowledgement
 * (HTTP round trip) and webhook-to-reply (sent → the LINE emulator recorded the reply to that user),
 * after a warm-up at 60 events/s ({@code bench.warmup} s, 120 by default: six services in one JVM keep the JIT
 * busy for minutes), at each rate of {@code bench.rates} (200 and 1,000 by default) for {@code bench.seconds}
 * (30), then ramps (10 s steps) to the highest rate acknowledged with p99 &lt; 1 s (skip with
 * {@code -Dbench.ramp=false} in {@code bench.jvm}). Prints a table; {@code -Dbench.dump=DIR} in
 * {@code bench.jvm} also writes each event's reply time per phase. Not a test: run it on purpose, on an
 * otherwise idle machine.
 *
 * <pre>
 * ./mvnw -q -B -o install -DskipTests
 * ./mvnw -q -B -o -Pbench-webhooks -pl deploy test-compile exec:exec -Dbench.rates=100,150,200,1000
 * </pre>
 */
public final class WebhookBenchmark {

    record Sent(String user, int step, long sentNanos, Instant sentAt) {
    }

    record Phase(String name, int rate, int sent, int acknowledged, int failed, double[] ackMillis, double[] replyMillis,
                 int replies, double achievedRate, double processedRate) {
    }

    /** The launcher's demo town 苫前町 and its demo channel secret. */
    private static final String TOWN = "014834";
    private static final String SECRET = "demo-channel-secret-" + TOWN;

    private final LineEmulator line;
    private final URI webhook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(8)).build();

    WebhookBenchmark(LineEmulator line, URI webhook) {
        this.line = line;
        this.webhook = webhook;
    }

    public static void main(String[] args) throws Exception {
        int phaseSeconds = Integer.parseInt(System.getProperty("bench.seconds", "30"));
        Path data = Path.of(System.getProperty("bench.data", "target/bench-webhooks"));
        Files.createDirectories(data);
        try (Launcher launcher = Launcher.start(new LauncherOptions(data, true, 3_100))) {
            LineEmulator line = launcher.platform().lineEmulator();
            SurveyLoad.publish(launcher.url("procedure-service"), TOWN, launcher.tokens().town(TOWN, Role.ADMIN));
            URI webhook = launcher.url("conversation-service").resolve("/line/webhook/" + TOWN);
            WebhookBenchmark bench = new WebhookBenchmark(line, webhook);
            bench.awaitSurvey();
            // the JIT compiles for a while: measure after it has seen the whole path many times
            bench.run("warm-up", 60, Integer.getInteger("bench.warmup", 120));
            List<Phase> phases = new ArrayList<>();
            for (String rate : System.getProperty("bench.rates", "200,1000").split(",")) {
                phases.add(bench.run("steady", Integer.parseInt(rate.trim()), phaseSeconds));
            }
            int best = 0;
            int[] ramp = Boolean.parseBoolean(System.getProperty("bench.ramp", "true"))
                    ? new int[] {300, 400, 500, 600, 800, 1000, 1200, 1500, 2000} : new int[0];
            for (int rate : ramp) {
                Phase p = bench.run("ramp", rate, 10);
                phases.add(p);
                if (p.failed() > 0 || percentile(p.ackMillis(), 99) >= 1000 || p.achievedRate() < rate * 0.9) {
                    break;
                }
                best = rate;
            }
            print(phases, best);
        }
        System.exit(0);
    }

    /** The survey is known to conversation-service: a probe resident gets its first question. */
    void awaitSurvey() throws Exception {
        String probe = LineWebhookBodies.newUserId();
        for (int i = 0; i < 60; i++) {
            post(SurveyLoad.event(probe, 0, line.issueReplyToken(probe), LineWebhookBodies.newWebhookEventId(), false));
            Thread.sleep(1000);
            if (line.deliveriesTo(probe).stream().anyMatch(d -> d.messages().toString().contains(SurveyLoad.PROMPTS.get(0)))) {
                return;
            }
        }
        throw new IllegalStateException("the survey never reached conversation-service");
    }

    /** Open loop at {@code rate} events/s for {@code seconds}; then waits (≤ 60 s) for the replies. */
    Phase run(String name, int rate, int seconds) throws Exception {
        // the ramp is about acknowledgement: its replies are counted as they are, without waiting for a backlog
        boolean ramp = name.equals("ramp");
        line.reset();
        System.out.printf("phase %s %d/s starts at %s%n", name, rate, Instant.now());
        int total = rate * seconds;
        List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>(total));
        List<Double> acks = java.util.Collections.synchronizedList(new ArrayList<>(total));
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        // residents ready for their next step (previous step acknowledged); new residents when none is ready
        ConcurrentLinkedQueue<int[]> ready = new ConcurrentLinkedQueue<>();
        List<String> users = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        int issued = 0;
        while (issued < total) {
            long due = start + (long) (issued * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int[] resident = ready.poll();
            if (resident == null) {
                users.add(LineWebhookBodies.newUserId());
                resident = new int[] {users.size() - 1, 0};
            }
            String user = users.get(resident[0]);
            int step = resident[1];
            int[] r = resident;
            String event = SurveyLoad.event(user, step, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), false);
            long t0 = System.nanoTime();
            Sent s = new Sent(user, step, t0, Instant.now());
            inFlight.incrementAndGet();
            http.sendAsync(request(event), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                inFlight.decrementAndGet();
                if (error == null && response.statusCode() == 200) {
                    acks.add((System.nanoTime() - t0) / 1e6);
                    sent.add(s);
                    if (step + 1 < SurveyLoad.STEPS) {
                        ready.add(new int[] {r[0], step + 1});
                    }
                } else {
                    failed.incrementAndGet();
                }
            });
            issued++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        while (inFlight.get() > 0 && System.nanoTime() - start < (seconds + 30) * 1_000_000_000L) {
            Thread.sleep(50);
        }
        double achieved = issued / elapsed;
        // replies: the reply to step s carries that step's prompt
        Map<String, List<LineEmulator.Delivery>> byUser = new HashMap<>();
        long settleDeadline = System.nanoTime() + Duration.ofSeconds(ramp ? 0 : Integer.getInteger("bench.settle", 120)).toNanos();
        Instant phaseStart = Instant.now().minusNanos(System.nanoTime() - start);
        Instant lastReply = phaseStart;
        List<Sent> acknowledged;
        synchronized (sent) {
            acknowledged = List.copyOf(sent);
        }
        int replies = 0;
        double[] replyMillis = new double[0];
        while (true) {
            byUser.clear();
            for (LineEmulator.Delivery d : line.deliveries()) {
                byUser.computeIfAbsent(d.userId(), k -> new ArrayList<>()).add(d);
            }
            List<Double> latencies = new ArrayList<>();
            for (Sent s : acknowledged) {
                Optional<LineEmulator.Delivery> reply = reply(s, byUser);
                if (reply.isPresent()) {
                    latencies.add(Duration.between(s.sentAt(), reply.get().at()).toNanos() / 1e6);
                    if (reply.get().at().isAfter(lastReply)) {
                        lastReply = reply.get().at();
                    }
                }
            }
            replies = latencies.size();
            replyMillis = latencies.stream().mapToDouble(Double::doubleValue).toArray();
            if (replies >= acknowledged.size() || System.nanoTime() > settleDeadline) {
                break;
            }
            Thread.sleep(1000);
        }
        dump(Instant.now().toString().substring(11, 19).replace(":", "") + "-" + name + "-" + rate, acknowledged, byUser);
        double[] ackMillis;
        synchronized (acks) {
            ackMillis = acks.stream().mapToDouble(Double::doubleValue).toArray();
        }
        double processed = replies / Math.max(0.001, Duration.between(phaseStart, lastReply).toNanos() / 1e9);
        Phase p = new Phase(name, rate, issued, acknowledged.size(), failed.get(), ackMillis, replyMillis, replies, achieved, processed);
        System.out.printf("%-8s %5d/s sent %6d ack %6d failed %4d  ack p50 %7.1f p99 %7.1f ms  reply p50 %8.1f p99 %8.1f ms (%d replies, %.0f/s)%n",
                name, rate, issued, acknowledged.size(), failed.get(), percentile(ackMillis, 50), percentile(ackMillis, 99),
                percentile(replyMillis, 50), percentile(replyMillis, 99), replies, processed);
        // let the backlog drain before the next phase: until nothing new reaches LINE for 5 s (at most bench.drain s)
        long drainDeadline = System.nanoTime() + Duration.ofSeconds(ramp ? 0 : Integer.getInteger("bench.drain", 180)).toNanos();
        int seen = -1;
        while (System.nanoTime() < drainDeadline) {
            int now = line.deliveries().size();
            if (now == seen) {
                break;
            }
            seen = now;
            Thread.sleep(5000);
        }
        return p;
    }

    /** The reply to {@code sent}: the first delivery to that user carrying that step's prompt. */
    private static Optional<LineEmulator.Delivery> reply(Sent sent, Map<String, List<LineEmulator.Delivery>> byUser) {
        String prompt = SurveyLoad.PROMPTS.get(sent.step());
        return byUser.getOrDefault(sent.user(), List.of()).stream().filter(d -> d.messages().toString().contains(prompt)).findFirst();
    }

    /** With {@code -Dbench.dump=DIR}: each acknowledged event as {@code sentAt,replyMillis} (for looking at stalls over time). */
    private static void dump(String phase, List<Sent> acknowledged, Map<String, List<LineEmulator.Delivery>> byUser) throws Exception {
        String dir = System.getProperty("bench.dump");
        if (dir == null) {
            return;
        }
        StringBuilder csv = new StringBuilder("sentAt,replyMillis\n");
        for (Sent s : acknowledged) {
            double millis = reply(s, byUser).map(d -> Duration.between(s.sentAt(), d.at()).toNanos() / 1e6).orElse(-1.0);
            csv.append(s.sentAt()).append(',').append(millis).append('\n');
        }
        Files.createDirectories(Path.of(dir));
        Files.writeString(Path.of(dir, phase + ".csv"), csv);
    }

    private HttpRequest request(String event) {
        byte[] body = LineWebhookBodies.request(List.of(event)).getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Line-Signature", LineWebhookSigner.sign(body, SECRET))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private void post(String event) throws Exception {
        http.send(request(event), HttpResponse.BodyHandlers.discarding());
    }

    static double percentile(double[] values, int p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    private static void print(List<Phase> phases, int best) {
        StringBuilder out = new StringBuilder("\n| phase | target ev/s | achieved ev/s | sent | acked | failed | ack p50 ms | ack p99 ms "
                + "| reply p50 ms | reply p99 ms | replies | handled ev/s |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Phase p : phases) {
            out.append("| %s | %d | %.0f | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %d | %.0f |%n".formatted(p.name(), p.rate(),
                    p.achievedRate(), p.sent(), p.acknowledged(), p.failed(), percentile(p.ackMillis(), 50), percentile(p.ackMillis(), 99),
                    percentile(p.replyMillis(), 50), percentile(p.replyMillis(), 99), p.replies(), p.processedRate()));
        }
        out.append("\nHighest rate acknowledged with p99 < 1 s: ").append(best == 0 ? "below 300" : best).append(" events/s (")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, load generator in the same JVM)\n");
        System.out.println(out);
    }
}
