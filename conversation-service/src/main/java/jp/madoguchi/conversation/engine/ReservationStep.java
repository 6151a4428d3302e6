package jp.madoguchi.conversation.engine;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.madoguchi.platform.flow.Step;

/**
 * The reservation step, tap by tap: a day with a free place, then a free time, then 「予約する」 while the
 * place is held; 「ほかの日にする」 goes back to the days at any point. Only free days and times are offered, and
 * 「キャンセル待ち」 where a time is fully booked: the resident then picks a full day and time and joins its waiting list.
 */
final class ReservationStep {

    static final String DAY = "rsv:day:";
    static final String TIME = "rsv:time:";
    static final String BOOK = "rsv:book";
    static final String OTHER_DAY = "rsv:other";
    /** The waiting list: its days, then a full time on the day picked (joining it ends the step). */
    static final String WAIT = "rsv:wait";
    static final String WAIT_DAY = "rsv:wday:";
    static final String WAIT_TIME = "rsv:wtime:";
    /** Quick replies left for days or times beside 「ほかの日にする」, 戻る and やめる. */
    static final int MAX_OFFERED = 10;

    static final String PICK_DAY = "予約したい日を えらんでください。";
    static final String NO_DAYS = "ごめんなさい。いま予約できる日が ありません。";
    static final String PICK_TIME = "%s の あいている時間です。時間を えらんでください。";
    static final String NO_TIMES = "ごめんなさい。%s は もう あいている時間が ありません。";
    static final String CONFIRM = "%s で予約しますか？\nしばらくのあいだ、この時間を ほかの方が予約できないように おさえています。";
    static final String TAKEN = "ごめんなさい。その時間は ほかの方が さきに予約しました。ほかの時間を えらんでください。";
    static final String LOST = "ごめんなさい。おさえていた時間が すぎて、ほかの方が予約しました。もう一度 時間を えらんでください。";
    static final String USE_BUTTONS = "下のボタンから えらんでください。";
    static final String BOOK_LABEL = "予約する";
    static final String OTHER_DAY_LABEL = "ほかの日にする";
    static final String BOOKED = "%s で予約しました。\nキャンセルや日時の変更は、メニューの「予約の確認」から できます。";
    static final String CALENDAR = "\nカレンダーに入れるとき: %s";
    static final String WAIT_LABEL = "キャンセル待ち";
    static final String PICK_WAIT_DAY = "満員の時間がある日です。キャンセル待ちをする日を えらんでください。";
    static final String NO_WAIT_DAYS = "いま キャンセル待ちが できる日は ありません。";
    static final String PICK_WAIT_TIME = "%s の 満員の時間です。キャンセル待ちをする時間を えらんでください。\nキャンセルが出たら、じゅんばんに 自動で予約して お知らせします。";
    static final String NO_WAIT_TIMES = "%s は キャンセル待ちが できる時間が ありません。";
    static final String WAIT_CLOSED = "その時間の キャンセル待ちは いま できません。あいている時間から えらんでください。";
    static final String WAITING = "%s の キャンセル待ちに 登録しました。いま %d番目です。\nキャンセルが出たら 自動で予約して、お知らせします。";

    private ReservationStep() {
    }

    /** 「10:00」 */
    static String time(LocalTime start) {
        return String.format("%d:%02d", start.getHour(), start.getMinute());
    }

    static AnswerReader.Reading read(Step.Reservation step, ResidentInput input, Answer previous, Reservations desk) {
        Answer.Booking sofar = previous instanceof Answer.Booking b && b.bookingId() == null ? b
                : new Answer.Booking(step.resourceId(), null, null, null, null);
        String value = input instanceof ResidentInput.Choice c && c.value() != null ? c.value() : "";
        if (value.equals(OTHER_DAY)) {
            return new AnswerReader.Collecting(new Answer.Booking(step.resourceId(), null, null, null, null), null);
        }
        if (value.equals(WAIT)) {
            return new AnswerReader.Collecting(new Answer.Booking(step.resourceId(), null, null, null, null, 0), null);
        }
        if (value.startsWith(WAIT_DAY)) {
            Optional<LocalDate> day = parse(value.substring(WAIT_DAY.length()), LocalDate::parse)
                    .filter(d -> !desk.day(step.resourceId(), d).waitable().isEmpty());
            return day.<AnswerReader.Reading>map(d -> new AnswerReader.Collecting(sofar.waitingListOn(d), null))
                    .orElse(new AnswerReader.Rejected(USE_BUTTONS));
        }
        if (value.startsWith(WAIT_TIME) && sofar.date() != null && sofar.pickingWaitingList()) {
            Optional<LocalTime> start = parse(value.substring(WAIT_TIME.length()), LocalTime::parse);
            if (start.isEmpty()) {
                return new AnswerReader.Rejected(USE_BUTTONS);
            }
            return desk.joinWaitingList(step.resourceId(), sofar.date(), start.get())
                    .<AnswerReader.Reading>map(place -> new AnswerReader.Accepted(sofar.waitingAt(start.get(), place)))
                    .orElse(new AnswerReader.Collecting(sofar.onDay(sofar.date()), WAIT_CLOSED));
        }
        if (value.startsWith(DAY)) {
            Optional<LocalDate> day = parse(value.substring(DAY.length()), LocalDate::parse)
                    .filter(d -> !desk.day(step.resourceId(), d).free().isEmpty());
            return day.<AnswerReader.Reading>map(d -> new AnswerReader.Collecting(sofar.onDay(d), null))
                    .orElse(new AnswerReader.Rejected(USE_BUTTONS));
        }
        if (value.startsWith(TIME) && sofar.date() != null) {
            Optional<LocalTime> start = parse(value.substring(TIME.length()), LocalTime::parse);
            if (start.isEmpty()) {
                return new AnswerReader.Rejected(USE_BUTTONS);
            }
            return desk.hold(step.resourceId(), sofar.date(), start.get())
                    .<AnswerReader.Reading>map(hold -> new AnswerReader.Collecting(sofar.held(start.get(), hold), null))
                    .orElse(new AnswerReader.Rejected(TAKEN));
        }
        if (value.equals(BOOK) && sofar.holdId() != null) {
            return desk.book(step.resourceId(), sofar.date(), sofar.holdId())
                    ? new AnswerReader.Accepted(sofar.booked())
                    : new AnswerReader.Collecting(sofar.onDay(sofar.date()), LOST);
        }
        return new AnswerReader.Rejected(USE_BUTTONS);
    }

    /** What the step asks given how far the resident got: the days, the times of the day picked, or the confirmation. */
    static Reply ask(Step.Reservation step, Answer answer, String text, List<Reply.QuickOption> shortcuts, Reservations desk) {
        Answer.Booking sofar = answer instanceof Answer.Booking b && b.bookingId() == null ? b : null;
        List<Reply.QuickOption> options = new ArrayList<>();
        String prompt;
        if (sofar != null && sofar.holdId() != null) {
            prompt = String.format(CONFIRM, sofar.display());
            options.add(new Reply.QuickOption(BOOK_LABEL, BOOK));
            options.add(new Reply.QuickOption(OTHER_DAY_LABEL, OTHER_DAY));
        } else if (sofar != null && sofar.date() != null && sofar.pickingWaitingList()) {
            List<LocalTime> full = desk.day(step.resourceId(), sofar.date()).waitable();
            prompt = String.format(full.isEmpty() ? NO_WAIT_TIMES : PICK_WAIT_TIME, Wording.date(sofar.date()));
            full.stream().limit(MAX_OFFERED).forEach(s -> options.add(new Reply.QuickOption(time(s), WAIT_TIME + s)));
            options.add(new Reply.QuickOption(OTHER_DAY_LABEL, OTHER_DAY));
        } else if (sofar != null && sofar.date() != null) {
            Reservations.Day day = desk.day(step.resourceId(), sofar.date());
            List<LocalTime> starts = day.free();
            boolean waitable = !day.waitable().isEmpty();
            prompt = String.format(starts.isEmpty() ? NO_TIMES : PICK_TIME, Wording.date(sofar.date()));
            starts.stream().limit(waitable ? MAX_OFFERED - 1 : MAX_OFFERED).forEach(s -> options.add(new Reply.QuickOption(time(s), TIME + s)));
            if (waitable) {
                options.add(new Reply.QuickOption(WAIT_LABEL, WAIT_DAY + sofar.date()));
            }
            options.add(new Reply.QuickOption(OTHER_DAY_LABEL, OTHER_DAY));
        } else if (sofar != null && sofar.pickingWaitingList()) {
            List<LocalDate> days = desk.days(step.resourceId(), 0, MAX_OFFERED).waitable();
            prompt = days.isEmpty() ? NO_WAIT_DAYS : PICK_WAIT_DAY;
            days.forEach(d -> options.add(new Reply.QuickOption(shortDate(d), WAIT_DAY + d)));
            options.add(new Reply.QuickOption(OTHER_DAY_LABEL, OTHER_DAY));
        } else {
            Reservations.Days open = desk.days(step.resourceId(), MAX_OFFERED, 1);
            boolean waitable = !open.waitable().isEmpty();
            List<LocalDate> days = open.free().stream().limit(waitable ? MAX_OFFERED - 1 : MAX_OFFERED).toList();
            prompt = (step.prompt() == null || step.prompt().isBlank() ? "" : step.prompt() + "\n") + (days.isEmpty() ? NO_DAYS : PICK_DAY);
            days.forEach(d -> options.add(new Reply.QuickOption(shortDate(d), DAY + d)));
            if (waitable) {
                options.add(new Reply.QuickOption(WAIT_LABEL, WAIT));
            }
        }
        options.addAll(shortcuts);
        return new Reply.Ask(text != null ? text + "\n" + prompt : prompt, options);
    }

    /** The confirmation of a booking just made, with the link that puts it in the resident's calendar. */
    static Reply booked(Answer.Booking booking, Reservations desk) {
        if (booking.waiting()) {
            return new Reply.Say(String.format(WAITING, Wording.date(booking.date()) + " " + time(booking.start()), booking.waitingPosition()));
        }
        String link = desk.calendarLink(booking.bookingId());
        return new Reply.Say(String.format(BOOKED, booking.display()) + (link.isBlank() ? "" : String.format(CALENDAR, link)));
    }

    /** 「6/3(水)」: fits a quick-reply label. */
    static String shortDate(LocalDate date) {
        return date.getMonthValue() + "/" + date.getDayOfMonth() + "(" + "月火水木金土日".charAt(date.getDayOfWeek().getValue() - 1) + ")";
    }

    private static <T> Optional<T> parse(String text, java.util.function.Function<String, T> parser) {
        try {
            return Optional.of(parser.apply(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
