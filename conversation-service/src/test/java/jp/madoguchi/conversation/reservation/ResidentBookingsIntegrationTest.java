package jp.madoguchi.conversation.reservation;

import static jp.madoguchi.conversation.LineTown.postback;
import static jp.madoguchi.conversation.LineTown.quickReplies;
import static jp.madoguchi.conversation.LineTown.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import jp.madoguchi.conversation.ConversationServiceApplication;
import jp.madoguchi.conversation.LineTown;
import jp.madoguchi.conversation.procedure.PublishedProcedures;
import jp.madoguchi.conversation.reservation.DayMessages.Booked;
import jp.madoguchi.conversation.reservation.DayMessages.Booker;
import jp.madoguchi.conversation.reservation.DayMessages.BookingStatus;
import jp.madoguchi.conversation.reservation.DayMessages.Held;
import jp.madoguchi.conversation.reservation.ResourceSchedule.OpeningHours;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.embedded.line.LineEmulator;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ProcedurePublished;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * A resident's side of reservations end to end, through signed webhooks and the LINE emulator (the context the
 * other integration tests share): booking in a procedure's reservation step, the calendar link, 「予約の確認」,
 * joining a full time's waiting list in chat, moving the booking to another day (the first on the old slot's waiting
 * list gets the place and is told), a
 * stale button, cancelling, the cutoff, and the reminder the day before sent once however often the sweep runs.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = ConversationServiceApplication.CONFIG_NAME)
class ResidentBookingsIntegrationTest {

    // a valid town code no other conversation-service or deploy test uses
    private static final String TOWN = "014575";
    private static final String SECRET = "demo-channel-secret-" + TOWN;
    private static final TenantId TENANT = TenantId.of(TOWN);
    private static final LocalTime TEN = LocalTime.of(10, 0);
    private static final DateTimeFormatter ICS = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);
    private static boolean onboarded;

    @Autowired
    WebTestClient http;
    @Autowired
    ReservationDesk desk;
    @Autowired
    PublishedProcedures procedures;
    @Autowired
    BookingList bookings;
    @Autowired
    BookingReminders reminders;
    @Autowired
    TenantMongo mongo;
    LineTown town;

    @BeforeEach
    void town() throws Exception {
        town = new LineTown(http, TOWN, SECRET);
        if (!onboarded) {
            town.onboard("予約広場町", "よやくひろばちょう", "token-" + TOWN);
            onboarded = true;
        }
    }

    @Test
    void aResidentBooksInChatMovesTheBookingThenCancelsItAndTheWaitingListGetsThePlace() throws Exception {
        LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();
        String gym = "gym-" + System.nanoTime() % 100_000;
        desk.define(TENANT, gym, "町民体育館", everyDay(24, "スポーツ課 0164-00-1111"), "staff-1");
        String procedure = "book-" + gym;
        String flow = """
                {"procedureId": "%s", "version": 1, "title": "体育館の予約", "firstStepId": "slot", "steps": [
                  {"type": "reservation", "id": "slot", "field": "slot", "label": "予約", "prompt": "町民体育館の予約です。",
                   "resourceId": "%s", "next": "done"},
                  {"type": "submit", "id": "done", "prompt": "受け付けました。"}]}
                """.formatted(procedure, gym);
        LineTown.publish(Topics.PROCEDURE_EVENTS, TOWN, TOWN + ":" + procedure, 0, new ProcedurePublished(procedure, 1, "体育館の予約", flow, Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> procedures.latest(TENANT, procedure).isPresent());
        String aoki = LineWebhookBodies.newUserId();
        String waiter = LineWebhookBodies.newUserId();
        LocalDate today = LocalDate.now(ResourceSchedule.JAPAN);
        LocalDate first = today.plusDays(3);
        LocalDate second = today.plusDays(4);
        int n = 0;

        // booking in the reservation step: a day, a time, 予約する; the confirmation carries the calendar link
        List<JsonNode> got = tap(line, aoki, "start:" + procedure, ++n);
        assertThat(data(got)).contains("rsv:day:" + first);
        tap(line, aoki, "rsv:day:" + first, ++n);
        got = tap(line, aoki, "rsv:time:10:00", ++n);
        assertThat(data(got)).contains("rsv:book");
        got = tap(line, aoki, "rsv:book", ++n);
        String confirmation = got.get(0).path("text").asText();
        assertThat(confirmation).contains("で予約しました", "予約の確認", "カレンダーに入れるとき: http");
        String calendarPath = confirmation.substring(confirmation.indexOf("/calendar/"));
        // the link reads the bookings projection, which follows the booking within moments
        await().atMost(Duration.ofSeconds(20)).until(() -> bookings.find(TENANT, calendarPath.substring(calendarPath.lastIndexOf('/') + 1,
                calendarPath.length() - 4)).blockOptional(Duration.ofSeconds(10)).isPresent());
        String ics = calendar(calendarPath);
        assertThat(ics).startsWith("BEGIN:VCALENDAR\r\n").contains("DTSTART:" + ICS.format(DayLedger.startsAt(first, TEN)), "STATUS:CONFIRMED",
                "SUMMARY:町民体育館（予約）").doesNotContain(aoki);
        http.get().uri("/calendar/{t}/{b}.ics", TOWN, "00000000-0000-0000-0000-000000000000").exchange().expectStatus().isNotFound();

        // the slot is full: someone else joins its waiting list in chat (the day's times offer キャンセル待ち)
        int w = 0;
        tap(line, waiter, "start:" + procedure, ++w);
        got = tap(line, waiter, "rsv:day:" + first, ++w);
        assertThat(data(got)).contains("rsv:wday:" + first).doesNotContain("rsv:time:10:00");
        got = tap(line, waiter, "rsv:wday:" + first, ++w);
        assertThat(data(got)).contains("rsv:wtime:10:00", "rsv:other").filteredOn(d -> d.startsWith("rsv:wtime:")).hasSize(1);
        got = tap(line, waiter, "rsv:wtime:10:00", ++w);
        assertThat(got.get(0).path("text").asText()).contains(" 10:00 の キャンセル待ちに 登録しました。いま 1番目です。");

        // 「予約の確認」 lists the booking; tapping it offers キャンセル and 日時の変更 until the cutoff
        await().atMost(Duration.ofSeconds(20)).until(() -> upcoming(aoki).size() == 1);
        got = town.send(line, aoki, text(aoki, line.issueReplyToken(aoki), LineWebhookBodies.newWebhookEventId(), "予約の確認", false), ++n);
        assertThat(got.get(0).path("text").asText()).contains("町民体育館", BookingNotices.when(first, TEN));
        String open = data(got).stream().filter(d -> d.startsWith("bookings:open:")).findFirst().orElseThrow();
        got = tap(line, aoki, open, ++n);
        assertThat(got.get(0).path("text").asText()).contains("まで、ここで できます", "/calendar/");
        String change = data(got).stream().filter(d -> d.startsWith("bookings:change:")).findFirst().orElseThrow();

        // 日時の変更: another day, a free time, 変更する; the new place is booked and the old one given to the waiting list
        got = tap(line, aoki, change, ++n);
        String day = data(got).stream().filter(d -> d.startsWith("bookings:change-day:") && d.endsWith("/" + second)).findFirst().orElseThrow();
        got = tap(line, aoki, day, ++n);
        String time = data(got).stream().filter(d -> d.endsWith("/10:00")).findFirst().orElseThrow();
        got = tap(line, aoki, time, ++n);
        assertThat(got.get(0).path("text").asText()).contains("に 変更しますか");
        String ok = data(got).stream().filter(d -> d.startsWith("bookings:change-ok:")).findFirst().orElseThrow();
        got = tap(line, aoki, ok, ++n);
        assertThat(got.get(0).path("text").asText()).contains("変更しました", BookingNotices.when(first, TEN) + " の予約は 取り消しました");
        await().atMost(Duration.ofSeconds(20)).until(() -> texts(line, waiter).stream().anyMatch(t -> t.contains("キャンセルが出たので")));
        await().atMost(Duration.ofSeconds(20)).until(() -> calendar(calendarPath).contains("STATUS:CANCELLED"));

        // the old booking's button, tapped again: a plain answer, nothing changes
        got = tap(line, aoki, open, ++n);
        assertThat(got.get(0).path("text").asText()).isEqualTo(ResidentBookings.GONE);
        got = tap(line, aoki, ok, ++n);
        assertThat(got.get(0).path("text").asText()).isEqualTo(ResidentBookings.GONE);

        // キャンセル of the new booking, confirmed; a second tap of the same button is answered, not an error
        await().atMost(Duration.ofSeconds(20)).until(() -> upcoming(aoki).stream().allMatch(b -> b.date().equals(second)) && upcoming(aoki).size() == 1);
        String moved = upcoming(aoki).get(0).bookingId();
        got = tap(line, aoki, "bookings:cancel:" + gym + "/" + second + "/" + moved, ++n);
        assertThat(got.get(0).path("text").asText()).contains("キャンセルしますか");
        String cancelOk = data(got).stream().filter(d -> d.startsWith("bookings:cancel-ok:")).findFirst().orElseThrow();
        got = tap(line, aoki, cancelOk, ++n);
        assertThat(got.get(0).path("text").asText()).contains("キャンセルしました");
        assertThat(desk.booking(TENANT, gym, second, moved, booker(aoki).residentId()).status()).isEqualTo(BookingStatus.CANCELLED);
        got = tap(line, aoki, cancelOk, ++n);
        assertThat(got.get(0).path("text").asText()).isEqualTo(ResidentBookings.GONE);

        // a hand-made button for someone else's booking reveals nothing
        String waiterBooking = bookings.upcoming(TENANT, booker(waiter).residentId(), today, 5).blockFirst(Duration.ofSeconds(10)).bookingId();
        got = tap(line, aoki, "bookings:cancel-ok:" + gym + "/" + first + "/" + waiterBooking, ++n);
        assertThat(got.get(0).path("text").asText()).isEqualTo(ResidentBookings.GONE);
        assertThat(desk.booking(TENANT, gym, first, waiterBooking, booker(waiter).residentId()).status()).isEqualTo(BookingStatus.BOOKED);
        assertThat(line.deliveriesTo(aoki)).as("every tap answered once").hasSize(n);
    }

    @Test
    void afterTheCutoffTheResidentIsToldWhomToCallAndNothingChanges() {
        LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();
        String hall = "hall-" + System.nanoTime() % 100_000;
        // cancel in chat until 30 days before: every booking of the window is past it
        desk.define(TENANT, hall, "公民館", everyDay(720, "生涯学習課 0164-00-2222"), "staff-1");
        String user = LineWebhookBodies.newUserId();
        LocalDate day = desk.freeDates(TENANT, hall, 1).get(0);
        String booking = ((Booked) desk.book(TENANT, hall, day, ((Held) desk.hold(TENANT, hall, day, TEN, booker(user))).holdId())).bookingId();

        List<JsonNode> got = tap(line, user, "bookings:open:" + hall + "/" + day + "/" + booking, 1);
        assertThat(got.get(0).path("text").asText()).contains("ここでは もう変更やキャンセルが できません", "生涯学習課 0164-00-2222に お電話ください");
        got = tap(line, user, "bookings:cancel-ok:" + hall + "/" + day + "/" + booking, 2);
        assertThat(got.get(0).path("text").asText()).contains("お電話ください");
        assertThat(desk.booking(TENANT, hall, day, booking, booker(user).residentId()).status()).isEqualTo(BookingStatus.BOOKED);
        got = tap(line, user, "bookings:nonsense", 3);
        assertThat(got.get(0).path("text").asText()).isNotBlank();
    }

    @Test
    void theReminderGoesOutTheDayBeforeAtItsTimeOnceWithARetryKey() {
        LineEmulator line = EmbeddedPlatformExtension.platform().lineEmulator();
        String clinic = "clinic-" + System.nanoTime() % 100_000;
        desk.define(TENANT, clinic, "保健センター", everyDay(24, ""), "staff-1");
        String user = LineWebhookBodies.newUserId();
        LocalDate day = LocalDate.now(ResourceSchedule.JAPAN).plusDays(3);
        String booking = ((Booked) desk.book(TENANT, clinic, day, ((Held) desk.hold(TENANT, clinic, day, TEN, booker(user))).holdId())).bookingId();
        await().atMost(Duration.ofSeconds(20)).until(() -> reminder(booking) != null);
        Instant sixPmTheDayBefore = day.minusDays(1).atTime(18, 0).atZone(ResourceSchedule.JAPAN).toInstant();

        reminders.sendDue(sixPmTheDayBefore.minusSeconds(60));
        assertThat(line.deliveriesTo(user)).isEmpty();

        reminders.sendDue(sixPmTheDayBefore.plusSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> line.deliveriesTo(user).size() == 1);
        LineEmulator.Delivery reminder = line.deliveriesTo(user).get(0);
        assertThat(reminder.kind()).isEqualTo(LineEmulator.PUSH);
        assertThat(reminder.retryKey()).isNotBlank();
        assertThat(reminder.texts().get(0)).contains("あしたは 予約の日です", "保健センター", BookingNotices.when(day, TEN));

        // a crash between the send and its mark: the sweep finds it due again, and the resident still gets it once
        Mono.from(mongo.platform().getCollection(BookingReminders.COLLECTION).updateOne(new Document("_id", TOWN + ":" + booking),
                new Document("$set", new Document("state", "PENDING")))).block(Duration.ofSeconds(10));
        reminders.sendDue(sixPmTheDayBefore.plusSeconds(60));
        reminders.sendDue(sixPmTheDayBefore.plusSeconds(120));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> line.deliveriesTo(user).size() == 1);
        assertThat(reminder(booking).getString("state")).isEqualTo("SENT");
    }

    private List<JsonNode> tap(LineEmulator line, String user, String data, int nth) {
        return town.send(line, user, postback(user, line.issueReplyToken(user), LineWebhookBodies.newWebhookEventId(), data, null), nth);
    }

    private String calendar(String path) {
        return http.get().uri(path).exchange().expectStatus().isOk().expectHeader()
                .contentTypeCompatibleWith(BookingCalendar.TEXT_CALENDAR).expectBody(String.class).returnResult().getResponseBody();
    }

    private List<BookingList.Upcoming> upcoming(String user) {
        return bookings.upcoming(TENANT, booker(user).residentId(), LocalDate.now(ResourceSchedule.JAPAN), 10).collectList()
                .block(Duration.ofSeconds(10));
    }

    private Document reminder(String booking) {
        return Mono.from(mongo.platform().getCollection(BookingReminders.COLLECTION).find(new Document("_id", TOWN + ":" + booking)).first())
                .block(Duration.ofSeconds(10));
    }

    private static List<String> data(List<JsonNode> messages) {
        return messages.stream().flatMap(m -> quickReplies(m).stream()).map(a -> a.path("data").asText()).toList();
    }

    private static List<String> texts(LineEmulator line, String user) {
        return line.deliveriesTo(user).stream().flatMap(d -> d.texts().stream()).toList();
    }

    private static Booker booker(String user) {
        return new Booker(TOWN + ":LINE:" + user, "LINE", user, "", "");
    }

    /** 10:00–12:00 every day, one place per hour, bookable 1 to 30 days ahead. */
    private static ResourceSchedule everyDay(int cancelCutoffHours, String contact) {
        List<OpeningHours> hours = Arrays.stream(DayOfWeek.values()).map(d -> new OpeningHours(d, TEN, LocalTime.of(12, 0))).toList();
        return new ResourceSchedule(hours, 60, 1, List.of(), false, 1, 30, 10, cancelCutoffHours, List.of(), contact, null);
    }
}
