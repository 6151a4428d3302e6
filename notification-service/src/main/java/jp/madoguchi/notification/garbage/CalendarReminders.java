package jp.madoguchi.notification.garbage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.madoguchi.notification.audience.ResidentIndex;
import jp.madoguchi.notification.audience.ResidentState;
import jp.madoguchi.notification.audience.Segment;
import jp.madoguchi.notification.audience.TownIndex;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@link GarbageReminders} from the town's stored calendar and the resident index (current friends only). */
@Component
class CalendarReminders implements GarbageReminders {

    private final GarbageStore store;
    private final ResidentIndex index;

    CalendarReminders(GarbageStore store, ResidentIndex index) {
        this.store = store;
        this.index = index;
    }

    @Override
    public Mono<List<Reminder>> due(TenantId tenant, Instant now) {
        LocalDate tomorrow = now.atZone(GarbageController.TOKYO).toLocalDate().plusDays(1);
        return store.find(tenant).map(s -> due(tenant, s.calendar(), index.town(tenant), tomorrow)).defaultIfEmpty(List.of());
    }

    static List<Reminder> due(TenantId tenant, GarbageCalendar calendar, TownIndex town, LocalDate date) {
        List<Reminder> due = new ArrayList<>();
        for (District district : calendar.districts()) {
            List<String> types = calendar.collected(district, date);
            if (!types.isEmpty()) {
                Segment optedIn = new Segment.And(List.of(new Segment.AttributeIn(OPT_IN_ATTRIBUTE, Set.of(OPT_IN_VALUE)),
                        new Segment.AttributeIn(DISTRICT_ATTRIBUTE, Set.of(district.name()))));
                List<String> residents = town.residents(town.evaluate(optedIn)).stream().map(ResidentState::residentId).toList();
                due.add(new Reminder(tenant, date, district.name(), types, residents));
            }
        }
        return due;
    }
}
