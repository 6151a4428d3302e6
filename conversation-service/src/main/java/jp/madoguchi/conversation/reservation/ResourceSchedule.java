package jp.madoguchi.conversation.reservation;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * When a resource can be booked and how: opening hours per weekday (several spans a day allow a lunch break),
 * slots of {@code slotMinutes} each taking {@code capacity} bookings (1 for a room, N for a clinic session),
 * closed days (blackouts, and national holidays when {@code closedOnHolidays}), the booking window (from
 * {@code bookFromDays} to {@code bookUntilDays} days ahead), how long a slot is held while the resident
 * confirms, until how many hours before the start a resident may cancel or change in chat, the
 * eligibility questions asked before a date is offered, whom residents call once the chat can no longer
 * change a booking ({@code contact}, e.g. 「総務課 0164-64-2211」; blank: the town hall) and when the
 * reminder goes out the day before ({@code remindAt}; null: the town's default). Pure: no clock, no framework.
 */
record ResourceSchedule(List<OpeningHours> hours, int slotMinutes, int capacity, List<LocalDate> blackoutDates,
                               boolean closedOnHolidays, int bookFromDays, int bookUntilDays, int holdMinutes,
                               int cancelCutoffHours, List<Eligibility> eligibility, String contact, LocalTime remindAt) {

    public static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    public ResourceSchedule {
        hours = hours == null ? List.of() : List.copyOf(hours);
        blackoutDates = blackoutDates == null ? List.of() : List.copyOf(blackoutDates);
        eligibility = eligibility == null ? List.of() : List.copyOf(eligibility);
        contact = contact == null ? "" : contact.strip();
    }

    /** One opening span on a weekday, e.g. MONDAY 09:00–12:00. */
    public record OpeningHours(DayOfWeek day, LocalTime opens, LocalTime closes) {
    }

    /** A question asked before dates are offered, e.g. the age band for a vaccine; each option says who may book and at what fee. */
    public record Eligibility(String id, String prompt, List<EligibilityOption> options) {
        public Eligibility {
            options = options == null ? List.of() : List.copyOf(options);
        }
    }

    /** {@code eligible} false refuses the booking with {@code refusal}; {@code feeYen} is what the resident pays when booked this way. */
    public record EligibilityOption(String value, String label, boolean eligible, long feeYen, String refusal) {
    }

    /** The slots' start times on {@code date}, in order; none when the resource is closed that day. */
    public List<LocalTime> startsOn(LocalDate date) {
        if (blackoutDates.contains(date) || closedOnHolidays && JapaneseHolidays.isHoliday(date)) {
            return List.of();
        }
        List<LocalTime> starts = new ArrayList<>();
        for (OpeningHours span : hours) {
            if (span.day() != date.getDayOfWeek()) {
                continue;
            }
            for (LocalTime start = span.opens(); !start.plusMinutes(slotMinutes).isAfter(span.closes())
                    && !start.plusMinutes(slotMinutes).isBefore(start); start = start.plusMinutes(slotMinutes)) {
                starts.add(start);
            }
        }
        starts.sort(null);
        return starts;
    }

    /** Whether {@code date} is inside the booking window seen from {@code today}. */
    public boolean inWindow(LocalDate date, LocalDate today) {
        return !date.isBefore(today.plusDays(bookFromDays)) && !date.isAfter(today.plusDays(bookUntilDays));
    }

    /** The last moment a resident may cancel or change a booking of the slot at {@code start} on {@code date}. */
    public Instant cancelCutoff(LocalDate date, LocalTime start) {
        return date.atTime(start).atZone(JAPAN).minusHours(cancelCutoffHours).toInstant();
    }

    /** The day's layout a {@link ResourceDay} is opened with. */
    public DayMessages.DayLayout layoutOn(LocalDate date) {
        Instant from = date.minusDays(bookUntilDays).atStartOfDay(JAPAN).toInstant();
        Instant until = date.minusDays(bookFromDays - 1L).atStartOfDay(JAPAN).toInstant();
        return new DayMessages.DayLayout(startsOn(date), capacity, slotMinutes, from, until, cancelCutoffHours);
    }

    /** What keeps this schedule from being used, worded for staff (Japanese); empty when it is fine. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (slotMinutes < 5 || slotMinutes > 24 * 60) {
            problems.add("枠の長さは5分から24時間までにしてください。");
        }
        if (capacity < 1 || capacity > 1000) {
            problems.add("1枠の定員は1から1000までにしてください。");
        }
        if (hours.isEmpty()) {
            problems.add("受付する曜日と時間を1つ以上入れてください。");
        }
        for (OpeningHours span : hours) {
            if (span.day() == null || span.opens() == null || span.closes() == null || !span.opens().isBefore(span.closes())) {
                problems.add("受付時間は、始まりを終わりより前にしてください。");
            } else if (slotMinutes >= 5 && span.opens().plusMinutes(slotMinutes).isAfter(span.closes())) {
                problems.add(span.day() + " " + span.opens() + "〜" + span.closes() + " には1枠も入りません。");
            }
        }
        if (bookFromDays < 0 || bookUntilDays < bookFromDays || bookUntilDays > 366) {
            problems.add("予約できる期間は「0日後から366日後まで」の範囲で、始まりを終わり以下にしてください。");
        }
        if (holdMinutes < 1 || holdMinutes > 60) {
            problems.add("確認中に枠をおさえる時間は1分から60分までにしてください。");
        }
        if (cancelCutoffHours < 0 || cancelCutoffHours > 24 * 30) {
            problems.add("取消しの締切は0時間前から720時間前までにしてください。");
        }
        if (contact.length() > 60) {
            problems.add("問い合わせ先は60文字以内にしてください。");
        }
        Set<String> ids = new HashSet<>();
        for (Eligibility question : eligibility) {
            if (question.id() == null || question.id().isBlank() || !ids.add(question.id())) {
                problems.add("対象者の確認の質問には、重ならない id を付けてください。");
            }
            if (question.prompt() == null || question.prompt().isBlank() || question.options().size() < 2 || question.options().size() > 11) {
                problems.add("対象者の確認「" + question.id() + "」には、質問文と2〜11個の選択肢を入れてください。");
            } else if (question.options().stream().noneMatch(EligibilityOption::eligible)) {
                problems.add("対象者の確認「" + question.id() + "」で、予約できる選択肢が1つもありません。");
            }
            for (EligibilityOption option : question.options()) {
                if (option.label() == null || option.label().isBlank() || option.label().length() > 20 || option.feeYen() < 0) {
                    problems.add("対象者の確認「" + question.id() + "」の選択肢は、20文字以内の名前と0円以上の料金にしてください。");
                }
            }
        }
        return problems;
    }
}
