package jp.madoguchi.conversation.reservation;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.conversation.engine.Reply.QuickOption;
import jp.madoguchi.conversation.reservation.DayMessages.Booker;
import jp.madoguchi.conversation.reservation.DayMessages.BookingState;
import jp.madoguchi.conversation.reservation.DayMessages.BookingStatus;
import jp.madoguchi.conversation.reservation.DayMessages.Cancellation;
import jp.madoguchi.conversation.reservation.DayMessages.Held;
import jp.madoguchi.conversation.reservation.ReservationDesk.Change;
import jp.madoguchi.conversation.reservation.ResourceMessages.Described;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * 「予約の確認」: a resident's upcoming bookings, and cancelling or moving one of them in chat until the resource's
 * cutoff, tap by tap. Every tap is checked against the booking's day again, so a stale button (a booking already
 * cancelled, a time taken meanwhile, a cutoff passed) gets a plain answer, never an error. Channel-neutral: the
 * counter calls it, LINE and the web chat render the replies.
 */
@Component
public class ResidentBookings {

    /** Postback data of the list; every tap of this menu starts with it. */
    public static final String POSTBACK = "bookings";
    /** Whole phrases only: a bare 「予約」 may be an answer to a question under way. */
    static final Set<String> WORDS = Set.of("予約の確認", "予約確認", "予約の変更", "予約のキャンセル", "予約の取消し", "よやくのかくにん");
    static final int MAX_LISTED = 10;
    static final String OPEN = "open";
    static final String CANCEL = "cancel";
    static final String CANCEL_OK = "cancel-ok";
    static final String CHANGE = "change";
    static final String CHANGE_DAY = "change-day";
    static final String CHANGE_TIME = "change-time";
    static final String CHANGE_OK = "change-ok";

    static final String LIST = "あなたの予約です。キャンセルや日時の変更をするときは、下から予約を えらんでください。";
    static final String NONE = "いま、これからの予約は ありません。";
    static final String GONE = "この予約は、もう取り消されています。いまの予約は「予約の確認」で見られます。";
    static final String PICK_DAY = "新しい日を えらんでください。";
    static final String NO_DAYS = "ごめんなさい。いま変更できる日が ありません。";
    static final String PICK_TIME = "%s の あいている時間です。新しい時間を えらんでください。";
    static final String NO_TIMES = "ごめんなさい。%s は あいている時間が ありません。ほかの日を えらんでください。";
    static final String TAKEN = "ごめんなさい。その時間は ほかの方が さきに予約しました。ほかの時間を えらんでください。";
    static final String LOST = "ごめんなさい。おさえていた時間が すぎて、ほかの方が予約しました。もう一度 えらんでください。";
    static final String TOWN_HALL = "役場";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final ReservationDesk desk;
    private final BookingList list;
    private final BookingCalendar calendar;
    private final Clock clock;

    ResidentBookings(ReservationDesk desk, BookingList list, BookingCalendar calendar,
                     @Qualifier(ReservationConfiguration.CLOCK) Clock clock) {
        this.desk = desk;
        this.list = list;
        this.calendar = calendar;
        this.clock = clock;
    }

    /** Whether typed text (any width, spaces and 。 ignored) asks for the resident's bookings. */
    public static boolean asks(String typed) {
        return typed != null && WORDS.contains(Normalizer.normalize(typed, Normalizer.Form.NFKC).replaceAll("\\s+", "").replace("。", ""));
    }

    /** Whether postback data belongs to this menu. */
    public static boolean isMine(String data) {
        return data != null && (data.equals(POSTBACK) || data.startsWith(POSTBACK + ":"));
    }

    /** The answer to {@code data} ({@value #POSTBACK} or one of its taps) from the resident {@code residentId}. */
    public List<Reply> answer(TenantId tenant, String residentId, String channel, String channelUserId, String data) {
        Tap tap = Tap.parse(data);
        if (tap == null) {
            return List.of(upcoming(tenant, residentId));
        }
        Optional<Described> resource = desk.resource(tenant, tap.resourceId());
        BookingState state = resource.isEmpty() ? BookingState.UNKNOWN
                : desk.booking(tenant, tap.resourceId(), tap.date(), tap.bookingId(), residentId);
        if (state.status() != BookingStatus.BOOKED) {
            return List.of(new Reply.Ask(GONE, List.of(listButton(), menuButton())));
        }
        Mine mine = new Mine(tap, resource.get().name(), state);
        if (clock.instant().isAfter(state.changeUntil())) {
            return List.of(new Reply.Ask(tooLate(mine, resource.get().schedule().contact()), List.of(listButton(), menuButton())));
        }
        return switch (tap.action()) {
            case CANCEL -> List.of(new Reply.Ask(mine.label() + " からの予約を キャンセルしますか？",
                    List.of(new QuickOption("キャンセルする", tap.data(CANCEL_OK)), new QuickOption("やめる", POSTBACK))));
            case CANCEL_OK -> cancel(tenant, residentId, mine, resource.get());
            case CHANGE -> List.of(days(tenant, mine));
            case CHANGE_DAY -> List.of(times(tenant, mine, tap.newDate(), null));
            case CHANGE_TIME -> List.of(hold(tenant, new Booker(residentId, channel, channelUserId, "", ""), mine, tap));
            case CHANGE_OK -> change(tenant, residentId, mine, tap);
            default -> List.of(detail(tenant, mine));
        };
    }

    private Reply upcoming(TenantId tenant, String residentId) {
        LocalDate today = LocalDate.now(clock.withZone(ResourceSchedule.JAPAN));
        List<BookingList.Upcoming> found = list.upcoming(tenant, residentId, today, MAX_LISTED).collectList().block(READ_TIMEOUT);
        if (found == null || found.isEmpty()) {
            return new Reply.Ask(NONE, List.of(menuButton()));
        }
        StringBuilder text = new StringBuilder(LIST);
        List<QuickOption> options = new ArrayList<>();
        for (BookingList.Upcoming b : found) {
            LocalTime start = LocalTime.parse(b.start());
            String name = desk.resource(tenant, b.resourceId()).map(Described::name).orElse(b.resourceId());
            text.append("\n・").append(name).append("　").append(BookingNotices.when(b.date(), start));
            options.add(new QuickOption(shortDate(b.date()) + " " + time(start) + " " + name,
                    new Tap(OPEN, b.resourceId(), b.date(), b.bookingId(), null, null).data(OPEN)));
        }
        options.add(menuButton());
        return new Reply.Ask(text.toString(), options);
    }

    private Reply detail(TenantId tenant, Mine mine) {
        String text = mine.name() + "　" + mine.when() + " からの予約です。\n"
                + "キャンセルや日時の変更は、" + moment(mine.state().changeUntil()) + " まで、ここで できます。\n"
                + "カレンダーに入れるとき: " + calendar.link(tenant, mine.tap().bookingId());
        return new Reply.Ask(text, List.of(new QuickOption("キャンセルする", mine.tap().data(CANCEL)),
                new QuickOption("日時を変更する", mine.tap().data(CHANGE)), listButton()));
    }

    private List<Reply> cancel(TenantId tenant, String residentId, Mine mine, Described resource) {
        Cancellation done = desk.cancelOwn(tenant, mine.tap().resourceId(), mine.tap().date(), mine.tap().bookingId(), residentId);
        String text = switch (done) {
            case CANCELLED -> mine.label() + " からの予約を キャンセルしました。";
            case TOO_LATE -> tooLate(mine, resource.schedule().contact());
            case ALREADY_CANCELLED, NOT_FOUND -> GONE;
        };
        return List.of(new Reply.Ask(text, List.of(listButton(), menuButton())));
    }

    private Reply days(TenantId tenant, Mine mine) {
        List<LocalDate> days = desk.freeDates(tenant, mine.tap().resourceId(), MAX_LISTED);
        List<QuickOption> options = new ArrayList<>();
        days.forEach(d -> options.add(new QuickOption(shortDate(d), mine.tap().data(CHANGE_DAY, d, null))));
        options.add(listButton());
        return new Reply.Ask(mine.label() + " からの予約を 変更します。\n" + (days.isEmpty() ? NO_DAYS : PICK_DAY), options);
    }

    /** The free times of {@code day}, less the resident's own booking there, after {@code intro} if any. */
    private Reply times(TenantId tenant, Mine mine, LocalDate day, String intro) {
        List<LocalTime> starts = desk.freeStarts(tenant, mine.tap().resourceId(), day).stream()
                .filter(s -> !(day.equals(mine.tap().date()) && s.equals(mine.state().start()))).limit(MAX_LISTED).toList();
        List<QuickOption> options = new ArrayList<>();
        starts.forEach(s -> options.add(new QuickOption(time(s), mine.tap().data(CHANGE_TIME, day, s.toString()))));
        options.add(new QuickOption("ほかの日にする", mine.tap().data(CHANGE)));
        options.add(new QuickOption("やめる", POSTBACK));
        String prompt = String.format(starts.isEmpty() ? NO_TIMES : PICK_TIME, BookingNotices.day(day));
        return new Reply.Ask(intro == null ? prompt : intro + "\n" + prompt, options);
    }

    private Reply hold(TenantId tenant, Booker booker, Mine mine, Tap tap) {
        Optional<LocalTime> start = parse(tap.extra()).map(LocalTime::parse);
        if (start.isEmpty()) {
            return times(tenant, mine, tap.newDate(), null);
        }
        if (!(desk.hold(tenant, tap.resourceId(), tap.newDate(), start.get(), booker) instanceof Held held)) {
            return times(tenant, mine, tap.newDate(), TAKEN);
        }
        String to = BookingNotices.when(tap.newDate(), start.get());
        return new Reply.Ask(mine.when() + " から " + to + " に 変更しますか？\nしばらくのあいだ、新しい時間を ほかの方が予約できないように おさえています。",
                List.of(new QuickOption("変更する", mine.tap().data(CHANGE_OK, tap.newDate(), held.holdId())),
                        new QuickOption("ほかの日にする", mine.tap().data(CHANGE)), new QuickOption("やめる", POSTBACK)));
    }

    private List<Reply> change(TenantId tenant, String residentId, Mine mine, Tap tap) {
        Change done = desk.change(tenant, tap.resourceId(), tap.date(), tap.bookingId(), residentId, tap.newDate(), tap.extra());
        return switch (done) {
            case CHANGED -> List.of(new Reply.Ask(mine.name() + "の予約を 変更しました。" + mine.when() + " の予約は 取り消しました。\n"
                    + "新しい予約は「予約の確認」で見られます。", List.of(listButton(), menuButton())));
            case HOLD_LOST -> List.of(times(tenant, mine, tap.newDate(), LOST));
            case TOO_LATE -> List.of(new Reply.Ask(tooLate(mine, desk.resource(tenant, tap.resourceId())
                    .map(r -> r.schedule().contact()).orElse("")), List.of(listButton(), menuButton())));
            case GONE -> List.of(new Reply.Ask(GONE, List.of(listButton(), menuButton())));
        };
    }

    static String tooLate(Mine mine, String contact) {
        return mine.label() + " からの予約は、" + moment(mine.state().changeUntil()) + " を過ぎたので、ここでは もう変更やキャンセルが できません。\n"
                + "変更やキャンセルは、" + (contact == null || contact.isBlank() ? TOWN_HALL : contact) + "に お電話ください。";
    }

    /** 「6月2日（火）10:00」 in Japan. */
    static String moment(Instant at) {
        java.time.LocalDateTime local = java.time.LocalDateTime.ofInstant(at, ResourceSchedule.JAPAN);
        return BookingNotices.when(local.toLocalDate(), local.toLocalTime());
    }

    /** 「6/3(水)」: fits a quick-reply label. */
    static String shortDate(LocalDate date) {
        return date.getMonthValue() + "/" + date.getDayOfMonth() + "(" + "月火水木金土日".charAt(date.getDayOfWeek().getValue() - 1) + ")";
    }

    static String time(LocalTime start) {
        return String.format("%d:%02d", start.getHour(), start.getMinute());
    }

    private static QuickOption listButton() {
        return new QuickOption("予約の確認", POSTBACK);
    }

    private static QuickOption menuButton() {
        return new QuickOption("メニュー", "menu");
    }

    private static Optional<String> parse(String value) {
        return Optional.ofNullable(value).filter(v -> v.matches("\\d{2}:\\d{2}"));
    }

    /** A booking of the resident's, as its day knows it now. */
    record Mine(Tap tap, String name, BookingState state) {
        String when() {
            return BookingNotices.when(tap.date(), state.start());
        }

        String label() {
            return name + "　" + when();
        }
    }

    /**
     * One tap of this menu: {@code bookings:<action>:<resourceId>/<date>/<bookingId>[/<newDate>/<time or holdId>]}.
     * Anything else (hand-made, cut short, from an older version) is null and shows the list.
     */
    record Tap(String action, String resourceId, LocalDate date, String bookingId, LocalDate newDate, String extra) {

        static Tap parse(String data) {
            String[] parts = data == null ? new String[0] : data.split(":", 3);
            if (parts.length < 3 || !parts[0].equals(POSTBACK)) {
                return null;
            }
            String[] args = parts[2].split("/");
            try {
                if (args.length == 3 && Set.of(OPEN, CANCEL, CANCEL_OK, CHANGE).contains(parts[1])) {
                    return new Tap(parts[1], args[0], LocalDate.parse(args[1]), args[2], null, null);
                }
                if (args.length == 5 && Set.of(CHANGE_TIME, CHANGE_OK).contains(parts[1])
                        || args.length == 4 && parts[1].equals(CHANGE_DAY)) {
                    return new Tap(parts[1], args[0], LocalDate.parse(args[1]), args[2], LocalDate.parse(args[3]), args.length == 5 ? args[4] : null);
                }
            } catch (DateTimeParseException e) {
                return null;
            }
            return null;
        }

        String data(String next) {
            return POSTBACK + ":" + next + ":" + resourceId + "/" + date + "/" + bookingId;
        }

        String data(String next, LocalDate day, String extra) {
            return data(next) + "/" + day + (extra == null ? "" : "/" + extra);
        }
    }
}
