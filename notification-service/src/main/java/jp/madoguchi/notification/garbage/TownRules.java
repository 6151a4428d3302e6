package jp.madoguchi.notification.garbage;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the town decides on top of the imported calendar, kept apart from it so that a new import keeps them:
 * per type whether collection happens on public holidays, the breaks (年末年始) it enters, and extra dates.
 *
 * @param holidays per type; a type not named is collected on holidays as scheduled, as most 5374 towns do
 */
record TownRules(Map<String, HolidayPolicy> holidays, List<Break> breaks, List<ExtraDay> extras) {

    static final TownRules NONE = new TownRules(Map.of(), List.of(), List.of());

    TownRules {
        holidays = Map.copyOf(holidays);
        breaks = List.copyOf(breaks);
        extras = List.copyOf(extras);
    }

    /** Whether a type is collected on a public holiday that falls on one of its days. */
    enum HolidayPolicy {
        /** collected as scheduled */
        COLLECT,
        /** not collected that day (and not moved: the town enters an extra date if it moves one) */
        SKIP
    }

    HolidayPolicy holidayPolicy(String type) {
        return holidays.getOrDefault(type, HolidayPolicy.COLLECT);
    }

    /**
     * No collection from {@code from} to {@code to}, both included (e.g. 12/31–1/3).
     *
     * @param types the types it stops; empty stops every type
     */
    record Break(LocalDate from, LocalDate to, Set<String> types) {
        Break {
            types = Set.copyOf(types);
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("a break ends on or after its start");
            }
        }

        boolean stops(String type, LocalDate date) {
            return !date.isBefore(from) && !date.isAfter(to) && (types.isEmpty() || types.contains(type));
        }
    }

    /**
     * An extra collection of {@code type} on {@code date}, whatever the schedule, holidays and breaks say.
     *
     * @param districts the districts it is for; empty means every district
     */
    record ExtraDay(LocalDate date, String type, Set<String> districts) {
        ExtraDay {
            districts = Set.copyOf(districts);
        }

        boolean adds(String district, String type, LocalDate on) {
            return date.equals(on) && this.type.equals(type) && (districts.isEmpty() || districts.contains(district));
        }
    }
}
