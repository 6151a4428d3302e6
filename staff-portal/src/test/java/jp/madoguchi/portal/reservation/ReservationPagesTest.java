package jp.madoguchi.portal.reservation;

import static jp.madoguchi.portal.support.PortalSession.form;
import static jp.madoguchi.portal.support.PortalSession.location;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import jp.madoguchi.portal.support.PortalSession;
import jp.madoguchi.portal.support.ProcedureStub;
import jp.madoguchi.portal.support.StubServices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;

/** The reservation pages against a stub of tenant-service (sign-in) and of conversation-service's resource API. */
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=staff-portal")
class ReservationPagesTest {

    static final ProcedureStub tenant = new ProcedureStub();
    static final ConversationStub conversation = new ConversationStub();
    static final String HALL = "/api/towns/014834/resources/community-hall";

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("madoguchi.portal.tenant-service-url", tenant::url);
        registry.add("madoguchi.portal.analytics-url", tenant::url);
        registry.add("madoguchi.portal.procedure-service-url", tenant::url);
        registry.add("madoguchi.portal.conversation-service-url", conversation::url);
    }

    @Autowired
    WebTestClient http;

    PortalSession browser;

    @BeforeEach
    void signIn() {
        tenant.reset();
        conversation.calls.clear();
        conversation.bookingAnswer.set("201 {\"bookingId\":\"b-new\",\"start\":\"10:00\"}");
        browser = new PortalSession(http);
        browser.login(StubServices.TOWN, "admin", StubServices.PASSWORD);
    }

    @Test
    void listsTheTownsResources() {
        String page = browser.get("/reservations").getResponseBody();
        assertThat(page).contains("公民館 大会議室", "href=\"/reservations/community-hall\"", "保健センター 予防接種");
        assertThat(conversation.calls).anyMatch(c -> c.equals("GET /api/towns/014834/resources Bearer"));
    }

    @Test
    void weekViewShowsPlacesTakenOfEachSlotFromMondayAndNoSlotOnABlackoutDate() {
        String page = browser.get("/reservations/community-hall?view=week&date=2026-06-03").getResponseBody();
        assertThat(conversation.calls).contains("GET " + HALL + "/bookings?from=2026-06-01&to=2026-06-07 Bearer");
        // Wednesday 3 June 09:00 holds one booking of one place; Friday 5 June is a blackout date
        assertThat(page).contains("6月1日（月）", "6月7日（日）")
                .containsPattern("data-date=\"2026-06-03\" data-start=\"09:00\"\\s+class=\"full\">\\s*<a[^>]*>1/1</a>")
                .containsPattern("data-date=\"2026-06-04\" data-start=\"09:00\"\\s+class=\"free\">\\s*<a[^>]*>0/1</a>")
                .containsPattern("data-date=\"2026-06-05\" data-start=\"09:00\"\\s+class=\"closed\">")
                .contains("href=\"/reservations/community-hall/bookings.csv?from=2026-06-01&amp;to=2026-06-07\"");
    }

    @Test
    void dayViewShowsBookingsWithNameAndPhoneAndCancelledOnesStruck() {
        String page = browser.get("/reservations/community-hall?view=day&date=2026-06-03").getResponseBody();
        assertThat(page).contains("6月3日（水）", "山田 花子", "0164-00-0000", "予約済み", "住民", "佐藤 次郎", "取消", "（連絡: 休館のため）")
                .contains("/reservations/community-hall/bookings/b-1/cancel", "/reservations/community-hall/bookings/b-1/no-show")
                .doesNotContain("/bookings/b-2/cancel");
    }

    @Test
    void phoneCallerIsBookedAndTheDayIsShown() {
        browser.get("/reservations/community-hall?view=day&date=2026-06-04");
        EntityExchangeResult<String> done = browser.post("/reservations/community-hall/bookings",
                form("date", "2026-06-04", "start", "10:00", "name", "鈴木 一郎", "phone", "0164-11-1111"));
        assertThat(location(done)).isEqualTo("/reservations/community-hall?view=day&date=2026-06-04&done=booked");
        assertThat(conversation.bodies).contains("POST " + HALL + "/bookings {\"date\":\"2026-06-04\",\"start\":\"10:00\",\"name\":\"鈴木 一郎\",\"phone\":\"0164-11-1111\"}");
        assertThat(browser.get(location(done)).getResponseBody()).contains("予約しました。");
    }

    @Test
    void aTakenTimeIsRefusedInPlainWordsWithTheNextFreeTimesAndTheFormKept() {
        conversation.bookingAnswer.set("409 {\"detail\":\"no place\",\"why\":\"FULL\",\"alternatives\":[\"11:00\",\"13:00\"],\"waitingListOpen\":true}");
        browser.get("/reservations/community-hall?view=day&date=2026-06-03");
        String page = browser.post("/reservations/community-hall/bookings",
                form("date", "2026-06-03", "start", "09:00", "name", "鈴木 一郎", "phone", "")).getResponseBody();
        assertThat(page).contains("6月3日（水） 09:00 は予約できません（満員です）。空いている時間: 11:00、13:00")
                .contains("value=\"鈴木 一郎\"");
    }

    @Test
    void staffCancelWithAMessageToTheResidentAndMarkANoShow() {
        browser.get("/reservations/community-hall?view=day&date=2026-06-03");
        EntityExchangeResult<String> cancelled = browser.post("/reservations/community-hall/bookings/b-1/cancel",
                form("date", "2026-06-03", "message", "館内点検のため取り消します。"));
        assertThat(location(cancelled)).isEqualTo("/reservations/community-hall?view=day&date=2026-06-03&done=cancelled");
        assertThat(conversation.bodies).contains("POST " + HALL + "/bookings/b-1/cancel {\"date\":\"2026-06-03\",\"message\":\"館内点検のため取り消します。\"}");

        browser.get("/reservations/community-hall?view=day&date=2026-06-03");
        browser.post("/reservations/community-hall/bookings/b-1/no-show", form("date", "2026-06-03"));
        assertThat(conversation.bodies).contains("POST " + HALL + "/bookings/b-1/no-show {\"date\":\"2026-06-03\"}");
    }

    @Test
    void csvIsPassedThroughWithItsBomUnderAJapaneseFileName() {
        EntityExchangeResult<byte[]> csv = browser.getBytes("/reservations/community-hall/bookings.csv?from=2026-06-01&to=2026-06-07");
        assertThat(csv.getResponseBody()).isEqualTo(ConversationStub.CSV);
        assertThat(csv.getResponseHeaders().getFirst("Content-Disposition")).startsWith("attachment; filename*=UTF-8''%E4%BA%88%E7%B4%84");
    }

    /** conversation-service's resource API for 苫前町: two resources, 公民館 with bookings on 3 June and a blackout on 5 June. */
    static final class ConversationStub {

        static final byte[] CSV = "\uFEFF\"日付\",\"開始\"\r\n\"2026-06-03\",\"09:00\"\r\n".getBytes(StandardCharsets.UTF_8);

        /** "METHOD uri Bearer" of every call (whether a token came along, not its value). */
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final AtomicReference<String> bookingAnswer = new AtomicReference<>();
        private final DisposableServer server = HttpServer.create().port(0).handle((request, response) ->
                request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(body -> {
                    String auth = request.requestHeaders().get("Authorization");
                    calls.add(request.method().name() + " " + request.uri() + (auth != null && auth.startsWith("Bearer ") ? " Bearer" : ""));
                    bodies.add(request.method().name() + " " + request.uri() + " " + body);
                    return route(request.method().name(), request.uri(), response);
                })).bindNow();

        String url() {
            return "http://localhost:" + server.port();
        }

        private Mono<Void> route(String method, String uri, HttpServerResponse response) {
            String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
            if (path.equals("/api/towns/014834/resources")) {
                return json(response, 200, """
                        [{"resourceId":"community-hall","name":"公民館 大会議室"},{"resourceId":"vaccination-clinic","name":"保健センター 予防接種"}]""");
            }
            if (path.equals(HALL)) {
                return json(response, 200, """
                        {"resourceId":"community-hall","name":"公民館 大会議室","schedule":{"hours":[
                          {"day":"MONDAY","opens":"09:00","closes":"12:00"},{"day":"WEDNESDAY","opens":"09:00","closes":"12:00"},
                          {"day":"THURSDAY","opens":"09:00","closes":"12:00"},{"day":"FRIDAY","opens":"09:00","closes":"12:00"}],
                         "slotMinutes":60,"capacity":1,"blackoutDates":["2026-06-05"],"closedOnHolidays":true}}""");
            }
            if (path.equals(HALL + "/bookings") && method.equals("GET")) {
                return json(response, 200, """
                        [{"bookingId":"b-1","resourceId":"community-hall","date":"2026-06-03","start":"09:00","status":"BOOKED","source":"RESIDENT",
                          "name":"山田 花子","phone":"0164-00-0000","channel":"LINE","bookedAt":"2026-05-20T01:00:00Z"},
                         {"bookingId":"b-2","resourceId":"community-hall","date":"2026-06-03","start":"10:00","status":"CANCELLED","source":"STAFF",
                          "name":"佐藤 次郎","phone":"0164-22-2222","channel":"PHONE","bookedAt":"2026-05-20T02:00:00Z","cancelledBy":"STAFF",
                          "cancelMessage":"休館のため"}]""");
            }
            if (path.equals(HALL + "/bookings") && method.equals("POST")) {
                String answer = bookingAnswer.get();
                return json(response, Integer.parseInt(answer.substring(0, 3)), answer.substring(4));
            }
            if (path.equals(HALL + "/bookings.csv")) {
                return response.status(200).header("Content-Type", "text/csv;charset=UTF-8").keepAlive(false).sendByteArray(Mono.just(CSV)).then();
            }
            if (path.startsWith(HALL + "/bookings/")) {
                return response.status(204).keepAlive(false).send().then();
            }
            return json(response, 404, "{\"detail\":\"not found\"}");
        }

        private static Mono<Void> json(HttpServerResponse response, int status, String body) {
            return response.status(status).keepAlive(false).header("Content-Type", "application/json")
                    .sendByteArray(Mono.just(body.getBytes(StandardCharsets.UTF_8))).then();
        }
    }
}
