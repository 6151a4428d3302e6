package jp.madoguchi.conversation.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import jp.madoguchi.conversation.ConversationServiceApplication;
import jp.madoguchi.conversation.LineTown;
import jp.madoguchi.conversation.reservation.DayMessages.Booked;
import jp.madoguchi.conversation.reservation.DayMessages.Booker;
import jp.madoguchi.conversation.reservation.DayMessages.Held;
import jp.madoguchi.conversation.reservation.DayMessages.Waiting;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * Staff's side of reservations through the real API, command bus, event store, projections and the LINE
 * emulator (the context the other integration tests share): a resource defined over HTTP, a resident's booking
 * and a phone caller's, the list and its CSV (both in the audit log), a full slot refused with alternatives, and
 * a cancellation by staff whose message reaches the resident once while the waiting list's first is given the
 * place and told so.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = ConversationServiceApplication.CONFIG_NAME)
class ResourceApiIntegrationTest {

    // a valid town code no other conversation-service or deploy test uses
    private static final String TOWN = "014559";
    private static final String SECRET = "demo-channel-secret-" + TOWN;

    @Autowired
    WebTestClient http;
    @Autowired
    ReservationDesk desk;
    @Autowired
    TenantMongo mongo;

    @Test
    void staffDefineAResourceBookACallerListAndExportAndCancelWithAMessageThatReachesTheResidentOnce() throws Exception {
        publishTown();
        LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();
        String admin = EmbeddedPlatformExtension.tokens().town(TOWN, Role.ADMIN);
        String resource = "hall-" + System.nanoTime() % 100_000;

        // a schedule staff must correct is refused with what to change, and nothing is defined
        Map<String, Object> hourly = Map.of("hours", List.of(Map.of("day", "MONDAY", "opens", "10:00", "closes", "12:00"),
                        Map.of("day", "TUESDAY", "opens", "10:00", "closes", "12:00"), Map.of("day", "WEDNESDAY", "opens", "10:00", "closes", "12:00"),
                        Map.of("day", "THURSDAY", "opens", "10:00", "closes", "12:00"), Map.of("day", "FRIDAY", "opens", "10:00", "closes", "12:00"),
                        Map.of("day", "SATURDAY", "opens", "10:00", "closes", "12:00"), Map.of("day", "SUNDAY", "opens", "10:00", "closes", "12:00")),
                "slotMinutes", 60, "capacity", 1, "bookFromDays", 1, "bookUntilDays", 30, "holdMinutes", 10, "cancelCutoffHours", 24);
        http.put().uri("/api/towns/{t}/resources/{r}", TOWN, resource).header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "", "schedule", hourly))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.problems[0]").value(p -> assertThat((String) p).contains("名前"));
        http.get().uri("/api/towns/{t}/resources/{r}", TOWN, resource).header("Authorization", "Bearer " + admin).exchange().expectStatus().isNotFound();

        http.put().uri("/api/towns/{t}/resources/{r}", TOWN, resource).header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "公民館 大会議室", "schedule", hourly))
                .exchange().expectStatus().isNoContent();
        http.get().uri("/api/towns/{t}/resources/{r}", TOWN, resource).header("Authorization", "Bearer " + admin).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("公民館 大会議室").jsonPath("$.schedule.capacity").isEqualTo(1);
        // the town's list names it, for staff to pick
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(http.get().uri("/api/towns/{t}/resources", TOWN)
                .header("Authorization", "Bearer " + admin).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody().findValuesAsText("name")).contains("公民館 大会議室"));
        // another town's staff cannot see it
        http.get().uri("/api/towns/{t}/resources/{r}", TOWN, resource)
                .header("Authorization", "Bearer " + EmbeddedPlatformExtension.tokens().town("014834", Role.ADMIN)).exchange().expectStatus().isForbidden();

        TenantId town = TenantId.of(TOWN);
        LocalDate day = desk.freeDates(town, resource, 1).get(0);
        LocalTime ten = LocalTime.of(10, 0);
        LocalTime eleven = LocalTime.of(11, 0);
        String resident = LineWebhookBodies.newUserId();
        String waiter = LineWebhookBodies.newUserId();

        // a resident books 10:00 in chat; staff book 11:00 for a phone caller; 11:00 is then full
        Held held = (Held) desk.hold(town, resource, day, ten, booker(resident));
        String residentBooking = ((Booked) desk.book(town, resource, day, held.holdId())).bookingId();
        JsonNode caller = http.post().uri("/api/towns/{t}/resources/{r}/bookings", TOWN, resource).header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("date", day.toString(), "start", "11:00", "name", "=山田 花子", "phone", "0164-00-0000"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        String callerBooking = caller.path("bookingId").asText();
        http.post().uri("/api/towns/{t}/resources/{r}/bookings", TOWN, resource).header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("date", day.toString(), "start", "11:00", "name", "佐藤"))
                .exchange().expectStatus().isEqualTo(409).expectBody().jsonPath("$.why").isEqualTo("FULL").jsonPath("$.waitingListOpen").isEqualTo(true);
        http.get().uri("/api/towns/{t}/resources/{r}/free?date={d}", TOWN, resource, day).header("Authorization", "Bearer " + admin).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.starts.length()").isEqualTo(0);
        assertThat(desk.joinWaitingList(town, resource, day, eleven, booker(waiter))).isInstanceOf(Waiting.class);

        // the list and the CSV, each recorded as a read of residents' data
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(list(admin, resource, day)).hasSize(2));
        String csv = http.get().uri("/api/towns/{t}/resources/{r}/bookings.csv?from={f}&to={to}", TOWN, resource, day, day)
                .header("Authorization", "Bearer " + admin).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv).startsWith("\uFEFF\"日付\",\"開始\"").contains("\"'=山田 花子\"", "\"0164-00-0000\"", "\"予約済み\"").contains("\r\n");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(auditedReads(resource)).containsExactlyInAnyOrder(2L, 2L));

        // staff cancel the caller's booking: the first on the waiting list gets the place and is told so
        http.post().uri("/api/towns/{t}/resources/{r}/bookings/{b}/cancel", TOWN, resource, callerBooking).header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("date", day.toString(), "message", "電話で伝えました"))
                .exchange().expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(20)).until(() -> texts(line, waiter).stream().anyMatch(t -> t.contains("キャンセルが出たので")));
        assertThat(texts(line, waiter).get(0)).contains("公民館 大会議室", "11:00");

        // staff cancel the resident's booking with a message: it reaches them once, however the event is seen again
        http.post().uri("/api/towns/{t}/resources/{r}/bookings/{b}/cancel", TOWN, resource, residentBooking).header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("date", day.toString(), "message", "設備の点検のため、別の日にお願いします。"))
                .exchange().expectStatus().isNoContent();
        await().atMost(Duration.ofSeconds(20)).until(() -> !texts(line, resident).isEmpty());
        assertThat(texts(line, resident)).singleElement().satisfies(t -> assertThat(t).contains("取り消しました", "【担当者から】設備の点検のため"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(list(admin, resource, day))
                .extracting(b -> b.path("status").asText()).containsExactlyInAnyOrder("CANCELLED", "CANCELLED", "BOOKED"));
        Thread.sleep(1000);
        assertThat(texts(line, resident)).hasSize(1);
        assertThat(texts(line, waiter)).hasSize(1);

        // cancelling what is already cancelled, a no-show before the slot, bad input: clear refusals, nothing changes
        http.post().uri("/api/towns/{t}/resources/{r}/bookings/{b}/no-show", TOWN, resource, residentBooking).header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("date", day.toString())).exchange().expectStatus().is4xxClientError();
        http.get().uri("/api/towns/{t}/resources/{r}/bookings?from={f}&to={to}", TOWN, resource, day, day.plusDays(200))
                .header("Authorization", "Bearer " + admin).exchange().expectStatus().isBadRequest();
        http.post().uri("/api/towns/{t}/resources/{r}/bookings", TOWN, resource).header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("date", "6/3", "start", "11:00", "name", "佐藤"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.problems[0]").value(p -> assertThat((String) p).contains("yyyy-MM-dd"));
    }

    private List<JsonNode> list(String token, String resource, LocalDate day) {
        JsonNode body = http.get().uri("/api/towns/{t}/resources/{r}/bookings?from={f}&to={to}", TOWN, resource, day, day)
                .header("Authorization", "Bearer " + token).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        List<JsonNode> bookings = new java.util.ArrayList<>();
        body.forEach(bookings::add);
        return bookings;
    }

    private List<Long> auditedReads(String resource) {
        return Flux.from(mongo.database(TenantId.of(TOWN)).getCollection("audit_log").find(new Document("kind", "read")))
                .filter(d -> d.getString("target").contains("/resources/" + resource + "/bookings"))
                .map(d -> ((Number) d.get("rows")).longValue()).collectList().block(Duration.ofSeconds(10));
    }

    private static List<String> texts(LineEmulator line, String user) {
        return line.deliveriesTo(user).stream().flatMap(d -> d.texts().stream()).toList();
    }

    private static Booker booker(String user) {
        return new Booker(TOWN + ":LINE:" + user, "LINE", user, "", "");
    }

    private void publishTown() throws Exception {
        new LineTown(http, TOWN, SECRET).onboard("予約試験村", "よやくしけんむら", "token-" + TOWN);
    }
}
