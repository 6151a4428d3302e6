package jp.madoguchi.portal.garbage;

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
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;

/** The garbage calendar pages against a stub of tenant-service (sign-in) and of notification-service's garbage API. */
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=staff-portal")
class GarbagePagesTest {

    static final ProcedureStub tenant = new ProcedureStub();
    static final NotificationStub notification = new NotificationStub();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("madoguchi.portal.tenant-service-url", tenant::url);
        registry.add("madoguchi.portal.analytics-url", tenant::url);
        registry.add("madoguchi.portal.notification-service-url", notification::url);
    }

    @Autowired
    WebTestClient http;

    PortalSession browser;

    @BeforeEach
    void signIn() {
        tenant.reset();
        notification.calls.clear();
        notification.calendar.set("200 " + NotificationStub.CALENDAR);
        notification.upload.set("200 {\"districts\":1}");
        browser = new PortalSession(http);
        browser.login(StubServices.TOWN, "admin", StubServices.PASSWORD);
    }

    @Test
    void beforeTheFirstUploadThePageOffersTheUploadAlone() {
        notification.calendar.set("404 {\"detail\":\"no calendar\"}");
        String page = browser.get("/garbage").getResponseBody();
        assertThat(page).contains("まだカレンダーが読み込まれていません。", "id=\"garbage-form\"").doesNotContain("district-table");
    }

    @Test
    void districtsAreListedWithEachTypesDaysAndTheirMonth() {
        String page = browser.get("/garbage").getResponseBody();
        assertThat(page).contains("一区", "毎週月曜・毎週木曜", "第2火曜・第4火曜", "href=\"/garbage/ics/abc.ics\"", "/garbage/month?district=")
                .contains("2026/12/07 10:00");
        String month = browser.get("/garbage/month?district=一区&month=2026-12").getResponseBody();
        assertThat(notification.calls).contains("GET /api/towns/014834/garbage/calendar/days?district=%E4%B8%80%E5%8C%BA&month=2026-12");
        assertThat(month).contains("一区 2026年12月の収集日", "燃やすごみ、びん", "2026-12-03");
    }

    @Test
    void aDistrictsICalendarIsServedThroughThePortal() {
        EntityExchangeResult<byte[]> ics = browser.getBytes("/garbage/ics/abc.ics");
        assertThat(ics.getStatus().value()).isEqualTo(200);
        assertThat(ics.getResponseBody()).isEqualTo(NotificationStub.ICS);
        assertThat(ics.getResponseHeaders().getContentType().toString()).isEqualTo("text/calendar;charset=UTF-8");
    }

    @Test
    void theZipGoesOnAsItIsAndASuccessRedirectsToTheCalendar() {
        browser.get("/garbage");
        EntityExchangeResult<String> done = browser.htmxPostMultipart("/garbage", zip());
        assertThat(done.getResponseHeaders().getFirst("HX-Redirect")).isEqualTo("/garbage?done=imported");
        assertThat(notification.bodies).containsExactly("PK-zip-bytes");
        assertThat(notification.contentTypes).containsExactly("application/zip");
    }

    @Test
    void aBadFilesProblemsAreListedWithTheirLines() {
        notification.upload.set("400 {\"detail\":\"Invalid garbage calendar files\",\"problems\":["
                + "\"area_days.csv 2行目「燃やすごみ」: 「月曜」は収集日として読めません。\",\"area_days.csv 3行目: 地名がありません。\"]}");
        browser.get("/garbage");
        String answer = browser.htmxPostMultipart("/garbage", zip()).getResponseBody();
        assertThat(answer).contains("読み込めませんでした。", "area_days.csv 2行目「燃やすごみ」: 「月曜」は収集日として読めません。",
                "area_days.csv 3行目: 地名がありません。");
    }

    private static org.springframework.util.MultiValueMap<String, org.springframework.http.HttpEntity<?>> zip() {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("file", new ByteArrayResource("PK-zip-bytes".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "5374.zip";
            }
        });
        return parts.build();
    }

    /** notification-service's garbage API for 苫前町: one district, two types. */
    static final class NotificationStub {

        static final String CALENDAR = """
                {"importedAt":"2026-12-07T01:00:00Z","importedBy":"staff-admin",
                 "types":[{"label":"燃やすごみ","sublabel":"","description":"","onHolidays":"collect"},{"label":"びん","sublabel":"","description":"","onHolidays":"collect"}],
                 "districts":[{"name":"一区","center":"","days":{"燃やすごみ":"毎週月曜・毎週木曜","びん":"第2火曜・第4火曜"},"ics":"/public/garbage/014834/abc.ics"}],
                 "centers":[],"rules":{},"targetItems":0,"holidaysUntil":2027}""";

        static final byte[] ICS = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".getBytes(StandardCharsets.UTF_8);

        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final List<String> contentTypes = new CopyOnWriteArrayList<>();
        final AtomicReference<String> calendar = new AtomicReference<>();
        final AtomicReference<String> upload = new AtomicReference<>();
        private final DisposableServer server = HttpServer.create().port(0).handle((request, response) ->
                request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(body -> {
                    calls.add(request.method().name() + " " + request.uri());
                    String path = request.uri().contains("?") ? request.uri().substring(0, request.uri().indexOf('?')) : request.uri();
                    if (request.method().name().equals("PUT") && path.equals("/api/towns/014834/garbage/calendar")) {
                        bodies.add(body);
                        contentTypes.add(request.requestHeaders().get("Content-Type"));
                        return answer(response, upload.get());
                    }
                    if (path.equals("/api/towns/014834/garbage/calendar")) {
                        return answer(response, calendar.get());
                    }
                    if (path.equals("/public/garbage/014834/abc.ics")) {
                        return response.status(200).keepAlive(false).header("Content-Type", "text/calendar;charset=UTF-8")
                                .sendByteArray(Mono.just(ICS)).then();
                    }
                    if (path.equals("/api/towns/014834/garbage/calendar/days")) {
                        return answer(response, """
                                200 {"district":"一区","month":"2026-12","days":[
                                 {"date":"2026-12-03","weekday":"木","holiday":null,"types":["燃やすごみ","びん"]},
                                 {"date":"2026-12-04","weekday":"金","holiday":null,"types":[]}]}""");
                    }
                    return answer(response, "404 {\"detail\":\"not found\"}");
                })).bindNow();

        String url() {
            return "http://localhost:" + server.port();
        }

        private static Mono<Void> answer(HttpServerResponse response, String answer) {
            return response.status(Integer.parseInt(answer.substring(0, 3))).keepAlive(false).header("Content-Type", "application/json")
                    .sendByteArray(Mono.just(answer.substring(4).getBytes(StandardCharsets.UTF_8))).then();
        }
    }
}
