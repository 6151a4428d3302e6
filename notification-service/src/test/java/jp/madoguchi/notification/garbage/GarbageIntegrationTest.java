package jp.madoguchi.notification.garbage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.madoguchi.notification.TownEvents;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.TenantChannelConfigured;
import jp.madoguchi.platform.security.SecretBox;
import jp.madoguchi.notification.audience.ResidentIndex;
import jp.madoguchi.notification.audience.ResidentState;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.security.Role;
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
import reactor.core.publisher.Mono;

/** The garbage calendar over HTTP against the embedded platform: import, views, iCalendar, rules, and the evening reminder. */
// the same annotations as NotificationServiceStartupTest, so all share one Spring context
@AutoConfigureObservability(tracing = false)
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=notification-service")
class GarbageIntegrationTest {

    // not the town the resident index tests count in
    private static final String TOWN = "014842";
    private static final String AKASAKA = "赤坂１丁目";

    @Autowired
    WebTestClient http;

    @Autowired
    GarbageStore store;

    @Autowired
    GarbageReminders reminders;

    @Autowired
    ResidentIndex index;

    @Autowired
    GarbageReminderSender sender;

    @BeforeEach
    void importTheTownsFiles() throws Exception {
        // the first request warms a cold JVM on a shared 2-core machine: WebTestClient's 5 s default is too tight
        http = http.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        as(Role.ADMIN).put().uri("/api/towns/{t}/garbage/calendar", TOWN).contentType(MediaType.parseMediaType("application/zip"))
                .bodyValue(UploadsTest.zip(Map.of("5374/area_days.csv", FiveThreeSevenFourTest.AREA_DAYS, "5374/center.csv", FiveThreeSevenFourTest.CENTER,
                        "5374/description.csv", FiveThreeSevenFourTest.DESCRIPTION, "5374/target.csv", FiveThreeSevenFourTest.TARGET,
                        "5374/remarks.csv", "id,text\r\n")))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.districts").isEqualTo(3).jsonPath("$.targetItems").isEqualTo(2).jsonPath("$.ignored[0]").isEqualTo("remarks.csv");
    }

    @Test
    void servesADistrictsMonthItsNextCollectionsAndAPublicICalendar() {
        as(Role.STAFF).get().uri(u -> u.path("/api/towns/{t}/garbage/calendar/days").queryParam("district", AKASAKA).queryParam("month", "2026-12").build(TOWN))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.days.length()").isEqualTo(31)
                .jsonPath("$.days[2].types[0]").isEqualTo("燃やすごみ") // Thursday 12/3
                .jsonPath("$.days[3].types[0]").isEqualTo("びん") // the explicit date 20261204
                .jsonPath("$.days[7].types[0]").isEqualTo("燃やさないごみ") // the 2nd Tuesday
                .jsonPath("$.days[30].types.length()").isEqualTo(0); // 東部管理センター's break 12/29-1/3
        as(Role.VIEWER).get().uri(u -> u.path("/api/towns/{t}/garbage/calendar/next").queryParam("district", AKASAKA).queryParam("from", "2026-12-29").build(TOWN))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.next.燃やすごみ").isEqualTo("2027-01-04").jsonPath("$.next.燃やさないごみ").isEqualTo("2027-01-12");

        String link = as(Role.VIEWER).get().uri("/api/towns/{t}/garbage/calendar", TOWN).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("districts") instanceof List<?> districts
                ? (String) ((Map<?, ?>) districts.get(0)).get("ics") : null;
        assertThat(link).startsWith("/public/garbage/" + TOWN + "/").endsWith(".ics");
        String ics = http.get().uri(link).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/calendar"))
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(ics).startsWith("BEGIN:VCALENDAR\r\n").contains("BEGIN:VEVENT\r\n").contains("SUMMARY:燃やすごみ\r\n");
        http.get().uri("/public/garbage/{t}/000000000000.ics", TOWN).exchange().expectStatus().isNotFound();
    }

    @Test
    void refusesBadFilesNamingTheirLinesAndKeepsTheCalendarItHad() {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("area_days", "\uFEFF地名,センター,燃やすごみ\r\n本町,,月曜\r\n".getBytes(StandardCharsets.UTF_8)).filename("area_days.csv");
        as(Role.STAFF).put().uri("/api/towns/{t}/garbage/calendar", TOWN).body(BodyInserters.fromMultipartData(parts.build()))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.problems[0]").value(p -> assertThat((String) p).startsWith("area_days.csv 2行目「燃やすごみ」: 「月曜」は収集日として読めません"));
        as(Role.STAFF).get().uri("/api/towns/{t}/garbage/calendar", TOWN).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.districts.length()").isEqualTo(3);
    }

    @Test
    void viewersOnlyReadAndAnotherTownsTokenIsRefused() {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("area_days", "地名,センター,燃やすごみ\n本町,,月\n".getBytes(StandardCharsets.UTF_8)).filename("area_days.csv");
        as(Role.VIEWER).put().uri("/api/towns/{t}/garbage/calendar", TOWN).body(BodyInserters.fromMultipartData(parts.build()))
                .exchange().expectStatus().isForbidden();
        http.mutate().defaultHeaders(h -> h.setBearerAuth(EmbeddedPlatformExtension.tokens().town("014834", Role.ADMIN))).build()
                .get().uri("/api/towns/{t}/garbage/calendar", TOWN).exchange().expectStatus().isForbidden();
        http.get().uri("/api/towns/{t}/garbage/calendar", TOWN).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void theTownsHolidayRuleAndExtraDateShapeTheMonth() {
        as(Role.STAFF).put().uri("/api/towns/{t}/garbage/rules", TOWN).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"holidays\":{\"燃やすごみ\":\"skip\"},\"extraDays\":[{\"date\":\"2027-01-09\",\"type\":\"燃やすごみ\",\"districts\":[\"" + AKASAKA + "\"]}]}")
                .exchange().expectStatus().isOk();
        as(Role.STAFF).put().uri("/api/towns/{t}/garbage/rules", TOWN).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"holidays\":{\"燃えるごみ\":\"skip\"}}").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.problems[0]").isEqualTo("holidays.「燃えるごみ」: ごみの種類「燃えるごみ」は取り込んだカレンダーにありません");
        as(Role.STAFF).get().uri(u -> u.path("/api/towns/{t}/garbage/calendar/days").queryParam("district", AKASAKA).queryParam("month", "2027-01").build(TOWN))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.days[10].holiday").isEqualTo("成人の日")
                .jsonPath("$.days[10].types.length()").isEqualTo(0) // Monday 1/11, 燃やすごみ skipped on holidays
                .jsonPath("$.days[8].types[0]").isEqualTo("燃やすごみ") // Saturday 1/9, the extra date
                .jsonPath("$.days[13].types[0]").isEqualTo("燃やすごみ"); // an ordinary Thursday
        as(Role.STAFF).put().uri("/api/towns/{t}/garbage/rules", TOWN).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isOk();
    }

    @Test
    void theEveningBeforeOnlyTheOptedInFriendsOfTheDistrictGetTheirReminderOnce() {
        TenantId town = TenantId.of(TOWN);
        Instant at = Instant.parse("2026-11-01T00:00:00Z");
        index.town(town).put(new ResidentState(TOWN + ":LINE:Ua", "LINE", "Ua", true, at, Map.of("district", AKASAKA, "garbageReminder", "yes"), Set.of()));
        index.town(town).put(new ResidentState(TOWN + ":LINE:Ub", "LINE", "Ub", true, at, Map.of("district", AKASAKA), Set.of()));
        index.town(town).put(new ResidentState(TOWN + ":LINE:Uc", "LINE", "Uc", true, at, Map.of("district", "海岸１丁目", "garbageReminder", "yes"), Set.of()));

        List<GarbageReminders.Reminder> sent = new ArrayList<>();
        ReminderSink sink = r -> Mono.fromRunnable(() -> sent.add(r));
        Instant wednesdayEvening = Instant.parse("2026-12-02T09:30:00Z"); // 18:30 in Japan; Thursday 12/3 is 燃やすごみ in 赤坂
        GarbageReminderScheduler scheduler = new GarbageReminderScheduler(store, reminders,
                new StaticListableBeanFactory(Map.of("sink", sink)).getBeanProvider(ReminderSink.class),
                new GarbageProperties(LocalTime.of(18, 0)),
                new StaticListableBeanFactory(Map.of("clock", Clock.fixed(wednesdayEvening, ZoneOffset.UTC))).getBeanProvider(Clock.class));

        assertThat(scheduler.tick(Instant.parse("2026-12-02T08:59:00Z")).block()).isZero(); // 17:59, too early
        assertThat(sent).isEmpty();
        scheduler.tick(wednesdayEvening).block();
        assertThat(sent).filteredOn(r -> r.tenant().equals(town)).containsExactly(
                new GarbageReminders.Reminder(town, LocalDate.of(2026, 12, 3), AKASAKA, List.of("燃やすごみ"), List.of(TOWN + ":LINE:Ua")));
        scheduler.tick(wednesdayEvening.plusSeconds(60)).block();
        assertThat(sent).filteredOn(r -> r.tenant().equals(town)).hasSize(1); // once a day

        // staff see a day's reminders as counts, never who
        as(Role.VIEWER).get().uri("/api/towns/{t}/garbage/reminders?date=2026-12-03", TOWN).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].district").isEqualTo(AKASAKA)
                .jsonPath("$[0].types[0]").isEqualTo("燃やすごみ").jsonPath("$[0].residents").isEqualTo(1);
    }

    @Test
    void onTheEveningBeforeTheReminderReachesExactlyTheOptedInFriendsOfTheDistrictOnLineOnceAcrossARestart() throws Exception {
        TenantId town = TenantId.of(TOWN);
        String token = "token-garbage-" + TOWN;
        SecretBox box = EmbeddedPlatformExtension.secretBox();
        try (TownEvents kafka = TownEvents.of(TOWN, Instant.now())) {
            kafka.publish(Topics.TENANT_EVENTS, "tenant-" + TOWN, 1,
                    new TenantChannelConfigured("4000" + TOWN, box.seal("secret"), box.seal(token), SecretBox.fingerprint(token)));
        }
        Instant at = Instant.parse("2026-11-01T00:00:00Z");
        index.town(town).put(new ResidentState(TOWN + ":LINE:Ugarbage1", "LINE", "Ugarbage1", true, at,
                Map.of("district", AKASAKA, "garbageReminder", "yes"), Set.of()));
        index.town(town).put(new ResidentState(TOWN + ":LINE:Ugarbage2", "LINE", "Ugarbage2", true, at, Map.of("district", AKASAKA), Set.of()));
        index.town(town).put(new ResidentState(TOWN + ":LINE:Ugarbage3", "LINE", "Ugarbage3", true, at,
                Map.of("district", "海岸１丁目", "garbageReminder", "yes"), Set.of()));
        // opted in, then blocked the account: not sent to
        index.town(town).put(new ResidentState(TOWN + ":LINE:Ugarbage4", "LINE", "Ugarbage4", false, at,
                Map.of("district", AKASAKA, "garbageReminder", "yes"), Set.of()));
        LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();
        Instant wednesdayEvening = Instant.parse("2026-12-02T09:30:00Z"); // 18:30 in Japan; Thursday 12/3 is 燃やすごみ in 赤坂

        // (the service's own scheduler runs on the real clock meanwhile: only 12/3's reminders are looked at)
        java.util.function.Function<String, List<LineEmulator.Delivery>> thursday = user -> line.deliveriesTo(user).stream()
                .filter(d -> d.texts().stream().anyMatch(t -> t.contains("12月3日（木）"))).toList();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            scheduler().tick(wednesdayEvening).block();
            assertThat(thursday.apply("Ugarbage1")).isNotEmpty();
        });
        // the same evening after a restart: the scheduler hands the reminder over again, LINE refuses the repeated retry key
        scheduler().tick(wednesdayEvening.plusSeconds(600)).block();

        assertThat(thursday.apply("Ugarbage1")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(LineEmulator.MULTICAST);
            assertThat(d.texts()).singleElement().asString().contains("燃やすごみ");
        });
        assertThat(thursday.apply("Ugarbage2")).isEmpty();
        assertThat(thursday.apply("Ugarbage3")).isEmpty();
        assertThat(thursday.apply("Ugarbage4")).isEmpty();
    }

    /** A scheduler as the service has it (the real LINE sender), new each time as after a restart. */
    private GarbageReminderScheduler scheduler() {
        return new GarbageReminderScheduler(store, reminders, new StaticListableBeanFactory(Map.of("sink", sender)).getBeanProvider(ReminderSink.class),
                new GarbageProperties(LocalTime.of(18, 0)), new StaticListableBeanFactory(Map.of()).getBeanProvider(Clock.class));
    }

    private WebTestClient as(Role role) {
        return http.mutate().defaultHeaders(h -> h.setBearerAuth(EmbeddedPlatformExtension.tokens().town(TOWN, role))).build();
    }
}
