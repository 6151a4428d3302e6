package jp.madoguchi.notification.garbage;

import java.time.LocalDate;
import java.time.Month;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When one garbage type is collected in one district, before holidays and breaks are taken into account.
 *
 * @param months the months the days apply in (5374: {@code 月:4 5 6}); empty means every month
 */
record TypeSchedule(String type, List<CollectionDay> days, Set<Month> months) {

    TypeSchedule {
        days = List.copyOf(days);
        months = Set.copyOf(months);
    }

    boolean scheduledOn(LocalDate date) {
        return (months.isEmpty() || months.contains(date.getMonth())) && days.stream().anyMatch(d -> d.matches(date));
    }

    /** e.g. 毎週月曜・毎週木曜, or 第2火曜（4,5,6月）; empty when the type is not collected in the district. */
    String label() {
        String days = this.days.stream().map(CollectionDay::label).collect(Collectors.joining("・"));
        if (months.isEmpty() || days.isEmpty()) {
            return days;
        }
        return days + months.stream().sorted().map(m -> String.valueOf(m.getValue())).collect(Collectors.joining(",", "（", "月）"));
    }
}
