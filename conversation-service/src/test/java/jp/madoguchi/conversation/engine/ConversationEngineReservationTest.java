package jp.madoguchi.conversation.engine;

import static jp.madoguchi.conversation.engine.EngineFixtures.quickLabels;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.madoguchi.conversation.engine.EngineFixtures.Resident;
import jp.madoguchi.platform.flow.Step;
import org.junit.jupiter.api.Test;

/** The reservation step: only free days and times are offered, a taken time is refused, a lost hold asks again. */
class ConversationEngineReservationTest {

    static final LocalDate WED = LocalDate.of(2026, 4, 8);
    static final LocalDate THU = LocalDate.of(2026, 4, 9);
    static final LocalTime TEN = LocalTime.of(10, 0);
    static final LocalTime ELEVEN = LocalTime.of(11, 0);
    static final Step.Reservation STEP = new Step.Reservation("slot", "体育館の予約です。", "done", "slot", "予約", "gym");

    /** An in-memory desk: free starts per day; a hold takes the start away until it is booked or lost. */
    static final class Desk implements Reservations {
        final Map<LocalDate, List<LocalTime>> free = new LinkedHashMap<>();
        final List<String> booked = new ArrayList<>();
        boolean loseHolds;

        public List<LocalDate> freeDates(String resourceId, int max) {
            return free.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).limit(max).toList();
        }

        public List<LocalTime> freeStarts(String resourceId, LocalDate date) {
            return List.copyOf(free.getOrDefault(date, List.of()));
        }

        public Optional<String> hold(String resourceId, LocalDate date, LocalTime start) {
            return free.get(date).remove(start) ? Optional.of("hold-" + date + start) : Optional.empty();
        }

        public boolean book(String resourceId, LocalDate date, String holdId) {
            return !loseHolds && booked.add(holdId);
        }

        public String calendarLink(String bookingId) {
            return "https://town.example/calendar/" + bookingId + ".ics";
        }
    }

    static Desk desk() {
        Desk desk = new Desk();
        desk.free.put(WED, new ArrayList<>(List.of(TEN, ELEVEN)));
        desk.free.put(THU, new ArrayList<>(List.of(TEN)));
        desk.free.put(LocalDate.of(2026, 4, 10), new ArrayList<>());
        return desk;
    }

    static Resident resident(Desk desk) {
        ConversationEngine engine = new ConversationEngine(Clock.fixed(EngineFixtures.NOW, ConversationEngine.TOKYO), EngineFixtures.IDLE)
                .serving(desk);
        return new Resident(engine, EngineFixtures.single(STEP));
    }

    @Test
    void onlyDaysWithAFreePlaceAreOffered() {
        Resident aoki = resident(desk());
        assertThat(quickLabels(aoki.lastReply())).containsExactly("4/8(水)", "4/9(木)", "やめる");
    }

    @Test
    void aDayThenAFreeTimeThenConfirmBooksIt() {
        Desk desk = desk();
        Resident aoki = resident(desk);
        aoki.tap("rsv:day:2026-04-08");
        assertThat(quickLabels(aoki.lastReply())).containsExactly("10:00", "11:00", "ほかの日にする", "やめる");
        aoki.tap("rsv:time:10:00");
        assertThat(((Reply.Ask) aoki.lastReply()).text()).startsWith("2026年4月8日（水） 10:00 で予約しますか？");
        assertThat(quickLabels(aoki.lastReply())).containsExactly("予約する", "ほかの日にする", "やめる");
        Turn done = aoki.tap("rsv:book");
        assertThat(done.outcome()).isEqualTo(Turn.Outcome.COMPLETED);
        assertThat(desk.booked).containsExactly("hold-2026-04-0810:00");
        assertThat(done.state().answers().get("slot")).isEqualTo(new Answer.Booking("gym", WED, TEN, "hold-2026-04-0810:00",
                "hold-2026-04-0810:00"));
    }

    @Test
    void theBookingIsConfirmedWithItsCalendarLinkAndWhereToChangeIt() {
        Resident aoki = resident(desk());
        aoki.tap("rsv:day:2026-04-08");
        aoki.tap("rsv:time:10:00");
        Turn done = aoki.tap("rsv:book");
        assertThat(((Reply.Say) done.replies().get(0)).text()).isEqualTo("2026年4月8日（水） 10:00 で予約しました。\n"
                + "キャンセルや日時の変更は、メニューの「予約の確認」から できます。\n"
                + "カレンダーに入れるとき: https://town.example/calendar/hold-2026-04-0810:00.ics");
    }

    @Test
    void aTimeTakenMeanwhileIsRefusedAndTheRemainingTimesOffered() {
        Desk desk = desk();
        Resident aoki = resident(desk);
        aoki.tap("rsv:day:2026-04-08");
        desk.free.get(WED).remove(TEN); // someone else held it first
        Turn turn = aoki.tap("rsv:time:10:00");
        assertThat(turn.outcome()).isEqualTo(Turn.Outcome.INVALID);
        assertThat(((Reply.Say) turn.replies().get(0)).text()).contains("ほかの方が さきに予約しました");
        assertThat(quickLabels(aoki.lastReply())).containsExactly("11:00", "ほかの日にする", "やめる");
    }

    @Test
    void anotherDayCanBeChosenAtAnyPoint() {
        Resident aoki = resident(desk());
        aoki.tap("rsv:day:2026-04-08");
        aoki.tap("rsv:time:11:00");
        aoki.tap("rsv:other");
        assertThat(quickLabels(aoki.lastReply())).containsExactly("4/8(水)", "4/9(木)", "やめる");
        aoki.tap("rsv:day:2026-04-09");
        assertThat(quickLabels(aoki.lastReply())).containsExactly("10:00", "ほかの日にする", "やめる");
    }

    @Test
    void aHoldLostBeforeConfirmingAsksForATimeAgain() {
        Desk desk = desk();
        Resident aoki = resident(desk);
        aoki.tap("rsv:day:2026-04-08");
        aoki.tap("rsv:time:10:00");
        desk.loseHolds = true;
        Turn turn = aoki.tap("rsv:book");
        assertThat(turn.outcome()).isEqualTo(Turn.Outcome.CONTINUE);
        assertThat(((Reply.Ask) aoki.lastReply()).text()).startsWith("ごめんなさい。おさえていた時間が すぎて");
        assertThat(quickLabels(aoki.lastReply())).containsExactly("11:00", "ほかの日にする", "やめる");
    }

    @Test
    void aDayWithoutFreeTimesOrTypedTextIsNotAccepted() {
        Resident aoki = resident(desk());
        assertThat(aoki.tap("rsv:day:2026-04-10").outcome()).isEqualTo(Turn.Outcome.INVALID);
        assertThat(aoki.text("あした").outcome()).isEqualTo(Turn.Outcome.INVALID);
        assertThat(quickLabels(aoki.lastReply())).containsExactly("4/8(水)", "4/9(木)", "やめる");
    }

    @Test
    void noFreeDayAtAllIsSaidPlainly() {
        Resident aoki = resident(new Desk());
        assertThat(((Reply.Ask) aoki.lastReply()).text()).contains("いま予約できる日が ありません");
        assertThat(quickLabels(aoki.lastReply())).containsExactly("やめる");
    }
}
