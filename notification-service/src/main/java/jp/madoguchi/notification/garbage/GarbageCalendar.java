package jp.madoguchi.notification.garbage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A town's garbage collection calendar: its types, its districts' schedules, the collection centres' breaks (5374
 * {@code center.csv}), the town's own rules and the public holidays. It answers which types are collected in a
 * district on a date, and when each type is collected next. Pure: no clock, no store.
 */
record GarbageCalendar(List<GarbageType> types, List<District> districts, Map<String, TownRules.Break> centerBreaks,
                       TownRules rules, Holidays holidays) {

    /** How far {@link #next} looks ahead: a type collected less than once a year is not a schedule. */
    static final int HORIZON_DAYS = 400;

    GarbageCalendar {
        types = List.copyOf(types);
        districts = List.copyOf(districts);
        centerBreaks = Map.copyOf(centerBreaks);
    }

    /** One type's label and its explanation (5374 {@code description.csv}). */
    record GarbageType(String label, String sublabel, String description) {
    }

    /** One collection: {@code type} is collected in the district on {@code date}. */
    record Collection(LocalDate date, String type) {
    }

    Optional<District> district(String name) {
        return districts.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    Optional<District> districtByKey(String key) {
        return districts.stream().filter(d -> d.key().equals(key)).findFirst();
    }

    GarbageCalendar withRules(TownRules newRules) {
        return new GarbageCalendar(types, districts, centerBreaks, newRules, holidays);
    }

    /** The types collected in {@code district} on {@code date}, in the order of the district's columns. */
    List<String> collected(District district, LocalDate date) {
        List<String> out = new ArrayList<>();
        for (TypeSchedule schedule : district.schedules()) {
            if (collects(district, schedule, date)) {
                out.add(schedule.type());
            }
        }
        // an extra date may name a type the district's columns do not schedule at all
        rules.extras().stream().filter(e -> e.adds(district.name(), e.type(), date) && !out.contains(e.type()))
                .forEach(e -> out.add(e.type()));
        return out;
    }

    /** For each type the district has, its first collection on or after {@code from}; a type with none ahead is absent. */
    Map<String, LocalDate> next(District district, LocalDate from) {
        Map<String, LocalDate> next = new LinkedHashMap<>();
        for (int i = 0; i < HORIZON_DAYS; i++) {
            LocalDate date = from.plusDays(i);
            for (String type : collected(district, date)) {
                next.putIfAbsent(type, date);
            }
        }
        Map<String, LocalDate> ordered = new LinkedHashMap<>();
        district.schedules().stream().map(TypeSchedule::type).filter(next::containsKey).forEach(t -> ordered.put(t, next.get(t)));
        next.forEach(ordered::putIfAbsent);
        return ordered;
    }

    /** Every collection in {@code district} from {@code from} to {@code to}, both included, by date. */
    List<Collection> between(District district, LocalDate from, LocalDate to) {
        List<Collection> out = new ArrayList<>();
        for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
            for (String type : collected(district, date)) {
                out.add(new Collection(date, type));
            }
        }
        return out;
    }

    private boolean collects(District district, TypeSchedule schedule, LocalDate date) {
        String type = schedule.type();
        if (rules.extras().stream().anyMatch(e -> e.adds(district.name(), type, date))) {
            return true;
        }
        if (!schedule.scheduledOn(date)) {
            return false;
        }
        TownRules.Break centerBreak = centerBreaks.get(district.center());
        if (centerBreak != null && centerBreak.stops(type, date) || rules.breaks().stream().anyMatch(b -> b.stops(type, date))) {
            return false;
        }
        return !(holidays.isHoliday(date) && rules.holidayPolicy(type) == TownRules.HolidayPolicy.SKIP);
    }
}
