package jp.madoguchi.notification.lunch;

import java.time.LocalDate;
import java.time.YearMonth;
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

/** Who gets a day's lunch menu: the friends who opted in (and, in a town with several kitchens, go to that school). */
@Component
class LunchDeliveries {

    /** The resident attribute a parent opts in with, and the value that means yes. */
    static final String OPT_IN_ATTRIBUTE = "lunchMenu";
    static final String OPT_IN_VALUE = "yes";
    /** The resident attribute whose value is the 学校 of the menu file, in a town that has that column. */
    static final String SCHOOL_ATTRIBUTE = "school";

    /**
     * One menu for one day and its recipients.
     *
     * @param residentIds the opted-in current friends, in index order
     */
    record Delivery(TenantId tenant, LunchDay menu, List<String> residentIds) {

        Delivery {
            residentIds = List.copyOf(residentIds);
        }

        /** Names this delivery for good: the sender derives its retry keys from it, so a rerun never sends twice. */
        String key() {
            return "lunch:" + tenant.code() + ":" + menu.date() + ":" + menu.school();
        }
    }

    private final LunchStore store;
    private final ResidentIndex index;

    LunchDeliveries(LunchStore store, ResidentIndex index) {
        this.store = store;
        this.index = index;
    }

    /** The day's deliveries of {@code tenant}; empty on a day without lunch (weekend, holiday, vacation). */
    Mono<List<Delivery>> due(TenantId tenant, LocalDate date) {
        return store.find(tenant, YearMonth.from(date)).map(s -> due(tenant, s.on(date), index.town(tenant))).defaultIfEmpty(List.of());
    }

    static List<Delivery> due(TenantId tenant, List<LunchDay> menus, TownIndex town) {
        List<Delivery> due = new ArrayList<>();
        for (LunchDay menu : menus) {
            Segment optedIn = new Segment.AttributeIn(OPT_IN_ATTRIBUTE, Set.of(OPT_IN_VALUE));
            Segment audience = menu.school().isEmpty() ? optedIn
                    : new Segment.And(List.of(optedIn, new Segment.AttributeIn(SCHOOL_ATTRIBUTE, Set.of(menu.school()))));
            due.add(new Delivery(tenant, menu, town.residents(town.evaluate(audience)).stream().map(ResidentState::residentId).toList()));
        }
        return due;
    }
}
