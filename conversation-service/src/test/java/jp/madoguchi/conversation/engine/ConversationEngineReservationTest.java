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

/**
 * The reservation step: only free days and times are offered, a taken time is refused, a lost hold asks again, and a
 * fully booked time can be waited for.
 */
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

        public Days days(String resourceId, int maxFree, int maxWaitable) {
            return new Days(freeDates(maxFree), waitableDates(maxWaitable));
        }

        public Day day(String resourceId, LocalDate date) {
            return new Day(List.copyOf(free.getOrDefault(date, List.of())), List.copyOf(full.getOrDefault(date, Map.of()).keySet()));
        }

        List<LocalDate> freeDates(int max) {
            return free.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).limit(max).toList();
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

        /** Fully booked starts per day, each with its waiting list in order. */
        final Map<LocalDate, Map<LocalTime, List<String>>> full = new LinkedHashMap<>();

        List<LocalDate> waitableDates(int max) {
            return full.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).limit(max).toList();
        }

        public Optional<Waiting> joinWaitingList(String resourceId, LocalDate date, LocalTime start) {
            List<String> waiters = full.getOrDefault(date, Map.of()).get(start);
            if (waiters == null) {
                return Optional.empty();
            }
            waiters.add("wait-" + date + start);
            return Optional.of(new Waiting("wait-" + date + start, waiters.size()));
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

    /** 4/8 also has 9:00 fully booked with one resident already waiting; 4/10 is fully booked at 10:00. */
    static Desk deskWithFullTimes() {
        Desk desk = desk();
        desk.full.put(WED, new LinkedHashMap<>(Map.of(LocalTime.of(9, 0), new ArrayList<>(List.of("someone-else")))));
        desk.full.put(LocalDate.of(2026, 4, 10), new LinkedHashMap<>(Map.of(TEN, new ArrayList<>())));
        return desk;
    }

    @Test
    void aFullTimeIsWaitedForFromTheDaysAndTheStepEndsWithThePlaceInTheQueue() {
        Desk desk = deskWithFullTimes();
        Resident aoki = resident(desk);
        assertThat(quickLabels(aoki.lastReply())).containsExactly("4/8(水)", "4/9(木)", "キャンセル待ち", "やめる");
        aoki.tap("rsv:wait");
        assertThat(((Reply.Ask) aoki.lastReply()).text()).isEqualTo("満員の時間がある日です。キャンセル待ちをする日を えらんでください。");
        assertThat(quickLabels(aoki.lastReply())).containsExactly("4/8(水)", "4/10(金)", "ほかの日にする", "やめる");
        aoki.tap("rsv:wday:2026-04-08");
        assertThat(((Reply.Ask) aoki.lastReply()).text()).startsWith("2026年4月8日（水） の 満員の時間です。");
        assertThat(quickLabels(aoki.lastReply())).containsExactly("9:00", "ほかの日にする", "やめる");

        Turn done = aoki.tap("rsv:wtime:09:00");
        assertThat(done.outcome()).isEqualTo(Turn.Outcome.COMPLETED);
        assertThat(desk.full.get(WED).get(LocalTime.of(9, 0))).containsExactly("someone-else", "wait-2026-04-0809:00");
        assertThat(((Reply.Say) done.replies().get(0)).text()).isEqualTo("2026年4月8日（水） 9:00 の キャンセル待ちに 登録しました。いま 2番目です。\n"
                + "キャンセルが出たら 自動で予約して、お知らせします。");
        Answer.Booking answer = (Answer.Booking) done.state().answers().get("slot");
        assertThat(answer).isEqualTo(new Answer.Booking("gym", WED, LocalTime.of(9, 0), null, "wait-2026-04-0809:00", 2));
        assertThat(answer.display()).isEqualTo("2026年4月8日（水） 9:00（キャンセル待ち）");
    }

    @Test
    void aDayWithFreeAndFullTimesOffersTheWaitingListBesideTheFreeTimes() {
        Resident aoki = resident(deskWithFullTimes());
        aoki.tap("rsv:day:2026-04-08");
        assertThat(quickLabels(aoki.lastReply())).containsExactly("10:00", "11:00", "キャンセル待ち", "ほかの日にする", "やめる");
        aoki.tap("rsv:wday:2026-04-08");
        assertThat(quickLabels(aoki.lastReply())).containsExactly("9:00", "ほかの日にする", "やめる");
        aoki.tap("rsv:other");
        assertThat(quickLabels(aoki.lastReply())).containsExactly("4/8(水)", "4/9(木)", "キャンセル待ち", "やめる");
    }

    @Test
    void aWaitingListThatClosedMeanwhileOffersTheDaysFreeTimesInstead() {
        Desk desk = deskWithFullTimes();
        Resident aoki = resident(desk);
        aoki.tap("rsv:wait");
        aoki.tap("rsv:wday:2026-04-08");
        desk.full.get(WED).clear(); // a cancellation freed 9:00: nothing to wait for
        desk.free.get(WED).add(0, LocalTime.of(9, 0));
        Turn turn = aoki.tap("rsv:wtime:09:00");
        assertThat(turn.outcome()).isEqualTo(Turn.Outcome.CONTINUE);
        assertThat(((Reply.Ask) aoki.lastReply()).text()).startsWith("その時間の キャンセル待ちは いま できません。");
        assertThat(quickLabels(aoki.lastReply())).containsExactly("9:00", "10:00", "11:00", "ほかの日にする", "やめる");
    }

    @Test
    void staleWaitingListButtonsAreAnsweredWithTheButtonsToUse() {
        Resident aoki = resident(deskWithFullTimes());
        // a full time tapped without having picked its day, and a day with nothing full
        assertThat(aoki.tap("rsv:wtime:09:00").outcome()).isEqualTo(Turn.Outcome.INVALID);
        assertThat(aoki.tap("rsv:wday:2026-04-09").outcome()).isEqualTo(Turn.Outcome.INVALID);
        assertThat(aoki.tap("rsv:wday:not-a-date").outcome()).isEqualTo(Turn.Outcome.INVALID);
        assertThat(quickLabels(aoki.lastReply())).containsExactly("4/8(水)", "4/9(木)", "キャンセル待ち", "やめる");
    }

    @Test
    void noWaitingListOptionWhenNothingIsFull() {
        Resident aoki = resident(desk());
        aoki.tap("rsv:day:2026-04-08");
        assertThat(quickLabels(aoki.lastReply())).doesNotContain("キャンセル待ち");
    }
}
