package jp.madoguchi.portal.reservation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Lays a resource's slots and bookings out as the calendar shows them: the slots a day's schedule offers (opening
 * hours cut into slots, none on a blackout date), each with its places taken out of its capacity and its bookings.
 * National holidays are not known here; a start someone booked is shown even when the schedule no longer offers it
 * (a day keeps the slots it was opened with). Pure: the schedule and bookings as conversation-service sends them.
 */
final class ReservationCalendar {

    private static final Map<String, String> STATUS = Map.of("BOOKED", "予約済み", "CANCELLED", "取消", "NO_SHOW", "来なかった");
    private static final Map<String, String> SOURCE = Map.of("RESIDENT", "住民", "STAFF", "職員（電話）", "WAITING_LIST", "キャンセル待ち");

    private ReservationCalendar() {
    }

    /** Monday of the week {@code date} falls in. */
    static LocalDate weekStart(LocalDate date) {
        return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The starts the schedule offers on {@code date}, in order. */
    static List<LocalTime> starts(JsonNode schedule, LocalDate date) {
        for (JsonNode blackout : schedule.path("blackoutDates")) {
            if (blackout.asText().equals(date.toString())) {
                return List.of();
            }
        }
        int minutes = schedule.path("slotMinutes").asInt();
        TreeSet<LocalTime> starts = new TreeSet<>();
        if (minutes < 1) {
            return List.of();
        }
        for (JsonNode span : schedule.path("hours")) {
            if (!span.path("day").asText().equals(date.getDayOfWeek().name())) {
                continue;
            }
            LocalTime closes = LocalTime.parse(span.path("closes").asText());
            for (LocalTime start = LocalTime.parse(span.path("opens").asText()); !start.plusMinutes(minutes).isAfter(closes)
                    && !start.plusMinutes(minutes).isBefore(start); start = start.plusMinutes(minutes)) {
                starts.add(start);
            }
        }
        return List.copyOf(starts);
    }

    /** One day: its label and its slots, each {@code start, booked, capacity, full, bookings}. */
    static Map<String, Object> day(JsonNode schedule, LocalDate date, List<JsonNode> bookings) {
        int capacity = schedule.path("capacity").asInt(1);
        TreeSet<LocalTime> starts = new TreeSet<>(starts(schedule, date));
        List<JsonNode> ofDay = bookings.stream().filter(b -> b.path("date").asText().equals(date.toString())).toList();
        ofDay.forEach(b -> starts.add(LocalTime.parse(b.path("start").asText())));
        List<Map<String, Object>> slots = new ArrayList<>();
        for (LocalTime start : starts) {
            List<Map<String, Object>> here = ofDay.stream().filter(b -> LocalTime.parse(b.path("start").asText()).equals(start))
                    .map(ReservationCalendar::booking).toList();
            long booked = here.stream().filter(b -> !"CANCELLED".equals(b.get("status"))).count();
            Map<String, Object> slot = new LinkedHashMap<>();
            slot.put("start", start.toString());
            slot.put("booked", booked);
            slot.put("capacity", capacity);
            slot.put("full", booked >= capacity);
            slot.put("bookings", here);
            slots.add(slot);
        }
        Map<String, Object> day = new LinkedHashMap<>();
        day.put("date", date.toString());
        day.put("label", label(date));
        day.put("slots", slots);
        return day;
    }

    /** The seven days from Monday, and the rows of the week's table: each start with the day's slot or null where there is none. */
    static Map<String, Object> week(JsonNode schedule, LocalDate monday, List<JsonNode> bookings) {
        List<Map<String, Object>> days = new ArrayList<>();
        TreeSet<String> starts = new TreeSet<>();
        for (int i = 0; i < 7; i++) {
            Map<String, Object> day = day(schedule, monday.plusDays(i), bookings);
            days.add(day);
            slots(day).forEach(s -> starts.add((String) s.get("start")));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String start : starts) {
            List<Map<String, Object>> cells = new ArrayList<>();
            for (Map<String, Object> day : days) {
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("date", day.get("date"));
                cell.put("slot", slots(day).stream().filter(s -> s.get("start").equals(start)).findFirst().orElse(null));
                cells.add(cell);
            }
            rows.add(Map.of("start", start, "cells", cells));
        }
        return Map.of("days", days, "rows", rows);
    }

    /** 「6月3日（水）」. */
    static String label(LocalDate date) {
        return date.getMonthValue() + "月" + date.getDayOfMonth() + "日（" + date.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.JAPANESE) + "）";
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> slots(Map<String, Object> day) {
        return (List<Map<String, Object>>) day.get("slots");
    }

    private static Map<String, Object> booking(JsonNode b) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("bookingId", b.path("bookingId").asText());
        row.put("name", b.path("name").asText(""));
        row.put("phone", b.path("phone").asText(""));
        row.put("status", b.path("status").asText());
        row.put("statusLabel", STATUS.getOrDefault(b.path("status").asText(), b.path("status").asText()));
        row.put("sourceLabel", SOURCE.getOrDefault(b.path("source").asText(), b.path("source").asText()));
        row.put("channel", b.path("channel").asText(""));
        row.put("cancelMessage", b.path("cancelMessage").asText(""));
        return row;
    }
}
