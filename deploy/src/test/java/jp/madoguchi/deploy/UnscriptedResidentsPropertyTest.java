package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.madoguchi.deploy.bench.SurveyLoad;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import jp.madoguchi.platform.security.Role;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Residents are unscripted: jqwik generates sequences over every webhook event and message type of LINE's
 * webhook.yml (and a type LINE may add tomorrow), from user, group and room sources, followers and strangers,
 * redelivered or not, in standby mode now and then, across three towns, and sends them, signed, to the running
 * launcher. Invariants: every webhook is answered 200; every one-to-one message, postback and follow in active
 * mode is answered exactly once, by its own reply token; nothing else is answered (group events, unsend, standby,
 * redeliveries); the inbox is idle again within 10 s; nothing is parked; the same inputs on the web chat never
 * give a 5xx. jqwik prints the seed of a failing try; replay it with {@code @Property(seed = "…")}. Shrinking is
 * off: every try runs against the whole platform.
 */
// Its own platform: a jqwik container (Jupiter extensions do not reach it) that also onboards 011002, as LauncherEndToEndTest does.
class UnscriptedResidentsPropertyTest {

    private static final String SAPPORO = "011002";
    private static final String SAPPORO_SECRET = "property-channel-secret-011002";
    private static final List<String> TOWNS = List.of(DemoSeed.TOWN, DemoSeed.HABORO, SAPPORO);
    private static final Map<String, String> SECRETS = Map.of(DemoSeed.TOWN, "demo-channel-secret-014834",
            DemoSeed.HABORO, "demo-channel-secret-014842", SAPPORO, SAPPORO_SECRET);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Path data;
    static Launcher launcher;
    static LocalPlatform local;

    @BeforeContainer
    static void start() throws Exception {
        data = Files.createTempDirectory("unscripted-residents");
        int offset = LocalPlatform.randomPortOffset();
        launcher = Launcher.start(new LauncherOptions(data, false, offset));
        local = new LocalPlatform(offset, data);
        onboardSapporo();
        for (String town : TOWNS) {
            SurveyLoad.publish(launcher.url("procedure-service"), town, launcher.tokens().town(town, Role.ADMIN));
        }
        // every town's channel and survey are known to conversation-service
        for (String town : TOWNS) {
            await().atMost(Duration.ofSeconds(60)).until(() -> local.postWebhook(town, LineWebhookBodies.request(List.of()), SECRETS.get(town)) == 200);
            await().atMost(Duration.ofSeconds(60)).until(() -> get("/chat/" + town + "/conversation", null).statusCode() == 200);
        }
    }

    @AfterContainer
    static void stop() throws Exception {
        if (launcher != null) {
            launcher.close();
        }
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    // --- what a resident (or a group) can send -------------------------------------------------------------

    enum Source { USER, GROUP, ROOM }

    /** One generated webhook event: who (town, user number, source), what, and whether it is resent as a redelivery. */
    record Act(int town, int user, Source source, String type, String detail, boolean standby, boolean redeliver) {
    }

    private static final List<String> TEXTS = List.of("こんにちは", "メニュー", "ﾒﾆｭｰ", "登録情報", "申請の状況", "はい", "いいえ", "やめる",
            "戻る", "はじめから", "修正する", "3", "２０２６年１２月２４日", "", " ", "🙂🙏", "<script>alert(1)</script>", "a".repeat(3000));
    private static final List<String> POSTBACKS = List.of("menu", "status", "attrs", "attrs:set:district", "attrs:pick:ageBand=70s",
            "attrs:withdraw:*", "start:" + SurveyLoad.PROCEDURE_ID, "start:no-such-procedure", "start:",
            "cmd:back", "cmd:cancel", "cmd:restart", "cmd:skip", "cmd:done", "cmd:resume", "cmd:start-over", "cmd:edit:q1", "replace:yes",
            "replace:no", "", "%%%", "cmd:date");

    @Provide
    Arbitrary<List<Act>> sessions() {
        Arbitrary<String> type = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(30, "text"), net.jqwik.api.Tuple.of(25, "postback"), net.jqwik.api.Tuple.of(6, "follow"),
                net.jqwik.api.Tuple.of(3, "image"), net.jqwik.api.Tuple.of(2, "video"), net.jqwik.api.Tuple.of(2, "audio"),
                net.jqwik.api.Tuple.of(2, "file"), net.jqwik.api.Tuple.of(3, "location"), net.jqwik.api.Tuple.of(4, "sticker"),
                net.jqwik.api.Tuple.of(2, "unfollow"), net.jqwik.api.Tuple.of(1, "join"), net.jqwik.api.Tuple.of(1, "leave"),
                net.jqwik.api.Tuple.of(1, "memberJoined"), net.jqwik.api.Tuple.of(1, "memberLeft"), net.jqwik.api.Tuple.of(2, "unsend"),
                net.jqwik.api.Tuple.of(1, "videoPlayComplete"), net.jqwik.api.Tuple.of(1, "beacon"), net.jqwik.api.Tuple.of(1, "accountLink"),
                net.jqwik.api.Tuple.of(2, "futureEvent"), net.jqwik.api.Tuple.of(2, "futureMessage"));
        Arbitrary<String> detail = Arbitraries.oneOf(Arbitraries.of(TEXTS), Arbitraries.of(POSTBACKS),
                Arbitraries.strings().withCharRange('\u3041', '\u30ff').ofMaxLength(20), Arbitraries.strings().ofMaxLength(40));
        Arbitrary<Source> source = Arbitraries.frequency(net.jqwik.api.Tuple.of(8, Source.USER), net.jqwik.api.Tuple.of(1, Source.GROUP),
                net.jqwik.api.Tuple.of(1, Source.ROOM));
        Arbitrary<Act> act = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 5), source, type,
                detail, Arbitraries.integers().between(0, 19).map(n -> n == 0), Arbitraries.integers().between(0, 9).map(n -> n == 0))
                .as(Act::new);
        return act.list().ofMinSize(10).ofMaxSize(50);
    }

    @Property(tries = 8, shrinking = ShrinkingMode.OFF)
    void everyResidentIsAnsweredExactlyOnceAndTheInboxNeverStalls(@ForAll("sessions") List<Act> acts) throws Exception {
        LineEmulator line = launcher.platform().lineEmulator();
        // fresh users per try, so each try's expectations stand alone
        Map<String, String> users = new HashMap<>();
        Set<String> unfollowed = new HashSet<>();
        List<String[]> sent = new ArrayList<>(); // {town, event json}
        Map<String, String> expectedTokens = new HashMap<>(); // reply token -> user
        Set<String> allUsers = new HashSet<>();
        String lastEvent = null;
        String lastTown = null;
        for (Act act : acts) {
            String town = TOWNS.get(act.town());
            String user = users.computeIfAbsent(town + act.user(), k -> LineWebhookBodies.newUserId());
            allUsers.add(user);
            if (act.redeliver() && lastEvent != null) {
                sent.add(new String[] {lastTown, lastEvent.replace("\"isRedelivery\":false", "\"isRedelivery\":true")});
                continue;
            }
            if (unfollowed.contains(user) && act.source() == Source.USER && !act.type().equals("follow")) {
                continue; // LINE sends nothing from someone who blocked the account but a new follow
            }
            String token = line.issueReplyToken(user);
            String event = LineEvents.event(act, user, token, LineWebhookBodies.newWebhookEventId());
            sent.add(new String[] {town, event});
            lastEvent = event;
            lastTown = town;
            if (act.source() == Source.USER && !act.standby() && LineEvents.ANSWERED.contains(act.type())) {
                expectedTokens.put(token, user);
            }
            if (act.source() == Source.USER && act.type().equals("unfollow")) {
                unfollowed.add(user);
            } else if (act.source() == Source.USER && act.type().equals("follow")) {
                unfollowed.remove(user);
            }
        }
        // sent as LINE does: one to five events per request, every request signed by its town
        for (int i = 0; i < sent.size(); ) {
            String town = sent.get(i)[0];
            List<String> batch = new ArrayList<>();
            while (i < sent.size() && sent.get(i)[0].equals(town) && batch.size() < 1 + (i % 5)) {
                batch.add(sent.get(i)[1]);
                i++;
            }
            assertThat(local.postWebhook(town, LineWebhookBodies.request(batch), SECRETS.get(town))).as("webhook status").isEqualTo(200);
        }
        Instant last = Instant.now();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> repliesTo(line, allUsers).keySet().containsAll(expectedTokens.keySet()));
        Thread.sleep(1500); // anything sent twice or to the wrong event would show up by now
        Map<String, Integer> replies = repliesTo(line, allUsers);
        assertThat(replies.keySet()).as("every answerable event got its reply, and nothing else was answered by reply")
                .isEqualTo(expectedTokens.keySet());
        assertThat(replies.values()).as("each reply token used once").allMatch(n -> n == 1);
        for (String user : allUsers) {
            for (LineEmulator.Delivery d : line.deliveriesTo(user)) {
                if (!d.kind().equals(LineEmulator.REPLY)) {
                    // a push only ever carries news of an application (a survey completed by a typed はい), never a second answer
                    assertThat(String.join("\n", d.texts())).as("a push to a resident").contains("受付");
                }
            }
        }
        assertThat(Duration.between(last, Instant.now())).isLessThan(Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("madoguchi_line_inbox_lag_seconds") == 0.0);
        assertThat(metric("madoguchi_events_parked_total")).as("nothing parked").isZero();

        webChat(acts);
    }

    /** The same inputs on each town's web chat: never a 5xx. */
    private static void webChat(List<Act> acts) throws Exception {
        Map<String, String> cookies = new HashMap<>();
        for (Act act : acts) {
            String town = TOWNS.get(act.town());
            String cookie = cookies.computeIfAbsent(town + act.user(), k -> newWebResident(town));
            String body = switch (act.type()) {
                case "text" -> json("kind", "text", "text", act.detail());
                case "postback" -> act.detail().startsWith("start:")
                        ? json("procedureId", act.detail().substring("start:".length()))
                        : json("kind", "choice", "value", act.detail());
                case "location" -> "{\"kind\":\"location\",\"latitude\":44.2,\"longitude\":141.6}";
                case "follow" -> json("kind", "date", "date", LocalDate.now().plusDays(act.user()).toString());
                default -> json("kind", act.type(), "value", act.detail());
            };
            String path = act.type().equals("postback") && act.detail().startsWith("start:") ? "/start" : "/input";
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(local.url(8082, "/chat/" + town + path))
                    .header("Content-Type", "application/json").header("Origin", local.url(8082, "").toString().replaceAll("/$", ""))
                    .header("Cookie", cookie)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("web chat %s %s: %s", path, body, response.body()).isLessThan(500);
        }
    }

    private static String newWebResident(String town) {
        HttpResponse<String> page = get("/chat/" + town, null);
        String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        Matcher m = Pattern.compile("^([^=;]+=[^;]+)").matcher(setCookie);
        assertThat(m.find()).as(setCookie).isTrue();
        return m.group(1);
    }

    private static String json(String... pairs) {
        com.fasterxml.jackson.databind.node.ObjectNode node = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.put(pairs[i], pairs[i + 1]);
        }
        return node.toString();
    }

    /** Reply token → how many replies used it, over {@code users}. */
    private static Map<String, Integer> repliesTo(LineEmulator line, Set<String> users) {
        Map<String, Integer> used = new HashMap<>();
        for (LineEmulator.Delivery d : line.deliveries()) {
            if (d.replyToken() != null && users.contains(d.userId())) {
                used.merge(d.replyToken(), 1, Integer::sum);
            }
        }
        return used;
    }

    /** The sum of a metric's samples on conversation-service's Prometheus endpoint (0 if absent). */
    private static double metric(String name) {
        String body = local.get(8082 + Launcher.MANAGEMENT_OFFSET, "/actuator/prometheus").body();
        double sum = 0;
        for (String row : body.split("\n")) {
            if (row.startsWith(name + "{") || row.startsWith(name + " ")) {
                sum += Double.parseDouble(row.substring(row.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static HttpResponse<String> get(String path, String cookie) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(local.url(8082, path)).GET();
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A third town, onboarded through the operator API as a vendor would. */
    private static void onboardSapporo() {
        String operator = local.login(null, DemoSeed.OPERATOR_LOGIN_ID, DemoSeed.OPERATOR_PASSWORD);
        var onboarded = local.call("POST", 8081, "/api/operator/towns", "{\"tenantId\":\"" + SAPPORO + "\",\"name\":\"札幌市\","
                + "\"nameKana\":\"さっぽろし\",\"prefecture\":\"北海道\",\"population\":1960000,"
                + "\"admin\":{\"loginId\":\"admin\",\"displayName\":\"札幌市 管理者\"}}", operator);
        assertThat(onboarded.statusCode()).as(onboarded.body()).isEqualTo(201);
        String admin = launcher.tokens().town(SAPPORO, Role.ADMIN);
        var configured = local.call("PUT", 8081, "/api/towns/" + SAPPORO + "/line-channel", "{\"channelId\":\"2000011002\","
                + "\"channelSecret\":\"" + SAPPORO_SECRET + "\",\"channelAccessToken\":\"property-channel-token-011002\"}", admin);
        assertThat(configured.statusCode()).as(configured.body()).isEqualTo(204);
    }
}
