package jp.madoguchi.notification.lunch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jp.madoguchi.notification.TownEvents;
import jp.madoguchi.notification.audience.ResidentIndex;
import jp.madoguchi.notification.audience.ResidentState;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ResidentAttributesChanged;
import jp.madoguchi.platform.events.contracts.ResidentFollowed;
import jp.madoguchi.platform.events.contracts.ResidentUnfollowed;
import jp.madoguchi.platform.events.contracts.TenantChannelConfigured;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.security.SecretBox;
import jp.madoguchi.platform.tenancy.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** School lunch menus over HTTP against the embedded platform, and the morning's menu on LINE through the emulator. */
// the same annotations as NotificationServiceStartupTest, so all share one Spring context
@AutoConfigureObservability(tracing = false)
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=notification-service")
class LunchIntegrationTest {

    // a town no other notification test uses: 0+5+16+18+14=53 → 9 → check digit 2
    private static final String TOWN = "014672";
    private static final MediaType CSV = MediaType.parseMediaType("text/csv");
    // February 2027, far from the real clock the service's own scheduler runs on: 2/11 (Thu) is 建国記念の日 and 2/13 a Saturday, neither has lunch
    private static final String FEBRUARY = "日付,献立,主な食材,エネルギー(kcal),アレルギー\r\n"
            + "2027/2/9,ごはん・みそしる・さばのみそに・ぎゅうにゅう,さば,640,さば・乳\r\n"
            + "2027/2/10,カレーライス・サラダ・ぎゅうにゅう,ぶたにく,680,乳・小麦\r\n"
            + "2027/2/12,パン・シチュー・ぎゅうにゅう,,620,小麦・乳\r\n";

    @Autowired
    WebTestClient http;

    @Autowired
    LunchStore store;

    @Autowired
    LunchDeliveries deliveries;

    @Autowired
    LunchMenuSender sender;

    @Autowired
    ResidentIndex index;

    @BeforeEach
    void uploadFebruary() {
        // the first request warms a cold JVM on a shared 2-core machine: WebTestClient's 5 s default is too tight
        http = http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        as(Role.STAFF).put().uri("/api/towns/{t}/lunch/menus", TOWN).contentType(CSV).bodyValue(FEBRUARY.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.month").isEqualTo("2027-02").jsonPath("$.days").isEqualTo(3);
    }

    @Test
    void staffReadTheMonthAndADayAndADayWithoutLunchHasNoMenu() {
        as(Role.VIEWER).get().uri("/api/towns/{t}/lunch/menus/2027-02", TOWN).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.days.length()").isEqualTo(3)
                .jsonPath("$.days[0].date").isEqualTo("2027-02-09")
                .jsonPath("$.days[0].dishes[2]").isEqualTo("さばのみそに")
                .jsonPath("$.days[0].kcal").isEqualTo(640)
                .jsonPath("$.days[1].allergens[1]").isEqualTo("小麦");
        as(Role.VIEWER).get().uri("/api/towns/{t}/lunch/days/2027-02-11", TOWN).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.menus.length()").isEqualTo(0);
        as(Role.VIEWER).get().uri("/api/towns/{t}/lunch/menus/2027-03", TOWN).exchange().expectStatus().isNotFound().expectBody()
                .jsonPath("$.detail").value(d -> assertThat((String) d).startsWith("2027年3月の給食の献立はまだ取り込まれていません"));
        as(Role.VIEWER).get().uri("/api/towns/{t}/lunch/menus/2月", TOWN).exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.problems[0]").value(p -> assertThat((String) p).startsWith("月は「2026-12」の形で指定してください"));
    }

    @Test
    void refusesABadFileNamingItsLinesInJapaneseAndKeepsTheMenuItHad() {
        String bad = "日付,献立,エネルギー(kcal)\r\n2027/2/9,ごはん,640\r\n2027/2/10,,たくさん\r\n2027/3/1,パン,\r\n";
        as(Role.STAFF).put().uri("/api/towns/{t}/lunch/menus", TOWN).contentType(CSV).bodyValue(bad.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.problems.length()").isEqualTo(3)
                .jsonPath("$.problems[0]").isEqualTo("3行目「献立」: 献立が空です。給食のない日は行ごと消してください")
                .jsonPath("$.problems[1]").value(p -> assertThat((String) p).startsWith("3行目「エネルギー(kcal)」: 「たくさん」は数として読めません"))
                .jsonPath("$.problems[2]").value(p -> assertThat((String) p).startsWith("4行目「日付」: 2027年3月の日付です"));
        as(Role.STAFF).get().uri("/api/towns/{t}/lunch/menus/2027-02", TOWN).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.days.length()").isEqualTo(3).jsonPath("$.days[0].dishes[0]").isEqualTo("ごはん");

        // a bad file as multipart (what the portal sends) for a month never uploaded: refused, and the month stays empty
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("file", "日にち,メニュー\r\n2027/3/1,ごはん\r\n".getBytes(StandardCharsets.UTF_8)).filename("2027-03.csv");
        as(Role.STAFF).put().uri("/api/towns/{t}/lunch/menus", TOWN).body(BodyInserters.fromMultipartData(parts.build()))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.problems[0]").value(p -> assertThat((String) p).startsWith("1行目: 「日付」の列がありません"));
        as(Role.STAFF).get().uri("/api/towns/{t}/lunch/menus/2027-03", TOWN).exchange().expectStatus().isNotFound();
    }

    @Test
    void viewersOnlyReadAndAnotherTownsTokenIsRefused() {
        as(Role.VIEWER).put().uri("/api/towns/{t}/lunch/menus", TOWN).contentType(CSV).bodyValue(FEBRUARY.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isForbidden();
        http.mutate().defaultHeaders(h -> h.setBearerAuth(EmbeddedPlatformExtension.tokens().town("014834", Role.ADMIN))).build()
                .get().uri("/api/towns/{t}/lunch/menus/2027-02", TOWN).exchange().expectStatus().isForbidden();
        http.get().uri("/api/towns/{t}/lunch/menus/2027-02", TOWN).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void eachSchoolMorningOnlyTheOptedInFriendsGetThatDaysMenuOnLineOnceAcrossARestart() throws Exception {
        TenantId town = TenantId.of(TOWN);
        String token = "token-lunch-" + TOWN;
        SecretBox box = EmbeddedPlatformExtension.secretBox();
        String parent = TOWN + ":LINE:Ulunch1", notOptedIn = TOWN + ":LINE:Ulunch2", blocked = TOWN + ":LINE:Ulunch3";
        Instant at = Instant.parse("2027-01-20T00:00:00Z");
        try (TownEvents kafka = TownEvents.of(TOWN, at)) {
            kafka.publish(Topics.TENANT_EVENTS, "tenant-" + TOWN, 1,
                    new TenantChannelConfigured("4000" + TOWN, box.seal("secret"), box.seal(token), SecretBox.fingerprint(token)));
            kafka.publish(Topics.CONVERSATION_EVENTS, parent, 0, new ResidentFollowed(parent, "LINE", "Ulunch1", at));
            kafka.publish(Topics.CONVERSATION_EVENTS, parent, 1, new ResidentAttributesChanged(parent, "LINE", "Ulunch1",
                    Map.of("schoolChildren", "yes", "lunchMenu", "yes"), at));
            // a household with school children that did not ask for the menu
            kafka.publish(Topics.CONVERSATION_EVENTS, notOptedIn, 0, new ResidentFollowed(notOptedIn, "LINE", "Ulunch2", at));
            kafka.publish(Topics.CONVERSATION_EVENTS, notOptedIn, 1, new ResidentAttributesChanged(notOptedIn, "LINE", "Ulunch2",
                    Map.of("schoolChildren", "yes"), at));
            // opted in, then blocked the account
            kafka.publish(Topics.CONVERSATION_EVENTS, blocked, 0, new ResidentFollowed(blocked, "LINE", "Ulunch3", at));
            kafka.publish(Topics.CONVERSATION_EVENTS, blocked, 1, new ResidentAttributesChanged(blocked, "LINE", "Ulunch3",
                    Map.of("schoolChildren", "yes", "lunchMenu", "yes"), at));
            kafka.publish(Topics.CONVERSATION_EVENTS, blocked, 2, new ResidentUnfollowed(blocked, "LINE", at));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(index.town(town).resident(parent)).map(ResidentState::attributes).hasValueSatisfying(a -> assertThat(a).containsKey("lunchMenu"));
            assertThat(index.town(town).resident(notOptedIn)).map(ResidentState::attributes).hasValueSatisfying(a -> assertThat(a).isNotEmpty());
            assertThat(index.town(town).resident(blocked)).map(ResidentState::following).hasValue(false);
        });
        // staff see how many a day's menu reaches, never who
        as(Role.VIEWER).get().uri("/api/towns/{t}/lunch/days/2027-02-09", TOWN).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.menus.length()").isEqualTo(1).jsonPath("$.menus[0].residents").isEqualTo(1);

        LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();
        Function<String, List<LineEmulator.Delivery>> lunches = user -> line.deliveriesTo(user).stream()
                .filter(d -> d.texts().stream().anyMatch(t -> t.contains("給食"))).toList();
        Instant tuesday0659 = Instant.parse("2027-02-08T21:59:00Z"), tuesday0705 = Instant.parse("2027-02-08T22:05:00Z");

        assertThat(scheduler(tuesday0659).tick(tuesday0659).block()).isZero(); // before 7:00 in Japan
        assertThat(lunches.apply("Ulunch1")).isEmpty();
        // the channel configured above may reach the service after a first check: a fresh scheduler looks again
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            scheduler(tuesday0705).check();
            assertThat(lunches.apply("Ulunch1")).isNotEmpty();
        });
        LunchMenuScheduler running = scheduler(tuesday0705);
        running.check();
        // once a day: the same scheduler a minute later hands nothing over
        assertThat(running.tick(tuesday0705.plusSeconds(60)).block()).isZero();
        // the same morning after a restart: handed over again, LINE refuses the repeated retry key
        scheduler(tuesday0705.plusSeconds(600)).check();

        assertThat(lunches.apply("Ulunch1")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(LineEmulator.MULTICAST);
            assertThat(d.retryKey()).isNotNull();
            assertThat(d.texts()).containsExactly("きょう 2月9日（火）の 給食は、ごはん・みそしる・さばのみそに・ぎゅうにゅう です。\n"
                    + "アレルギーの もとになる 食べもの: さば・乳");
        });

        // the national holiday and the Saturday have no menu: nothing goes out
        for (String morning : List.of("2027-02-10T22:05:00Z", "2027-02-12T22:05:00Z")) {
            assertThat(scheduler(Instant.parse(morning)).tick(Instant.parse(morning)).block()).isZero();
        }
        // the next school day brings the next menu
        scheduler(Instant.parse("2027-02-09T22:05:00Z")).check();
        assertThat(lunches.apply("Ulunch1")).extracting(d -> d.texts().get(0)).satisfiesExactly(
                t -> assertThat(t).startsWith("きょう 2月9日（火）の 給食は"), t -> assertThat(t).startsWith("きょう 2月10日（水）の 給食は、カレーライス"));

        assertThat(lunches.apply("Ulunch2")).isEmpty();
        assertThat(lunches.apply("Ulunch3")).isEmpty();
    }

    /** A scheduler as the service has it (the real LINE sender) on a clock fixed at {@code now}, new each time as after a restart. */
    private LunchMenuScheduler scheduler(Instant now) {
        return new LunchMenuScheduler(store, deliveries, sender, new LunchProperties(LocalTime.of(7, 0)),
                new StaticListableBeanFactory(Map.of("clock", Clock.fixed(now, ZoneOffset.UTC))).getBeanProvider(Clock.class));
    }

    private WebTestClient as(Role role) {
        return http.mutate().defaultHeaders(h -> h.setBearerAuth(EmbeddedPlatformExtension.tokens().town(TOWN, role))).build();
    }
}
