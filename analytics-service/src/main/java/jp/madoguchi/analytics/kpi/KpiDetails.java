package jp.madoguchi.analytics.kpi;

import java.util.List;
import java.util.Map;

/**
 * What lies behind a town's KPIs for one fiscal year: how friends came and went, what the broadcasts reached,
 * where applications came from, how long they took, where residents give up each procedure, and how each bookable
 * resource was used.
 */
record KpiDetails(String tenantId, int fiscalYear, Friends friends, Broadcasts broadcasts, Applications applications,
                         Processing processing, List<Funnel> funnels, List<Reservations> reservations) {

    /** Follows and unfollows (blocks) within the year; {@code net} = added − blocked. */
    public record Friends(long added, long blocked, long net) {
    }

    public record Broadcasts(long sent, long recipients) {
    }

    /** Applications received within the year, by procedure id and by channel (LINE, WEB, …). */
    public record Applications(long received, Map<String, Long> byProcedure, Map<String, Long> byChannel) {
    }

    /** Applications of the year completed so far, and their mean time from submission to completion. */
    public record Processing(long completed, Double meanHours) {
    }

    /**
     * One procedure's conversations begun within the year: how many are still under way, completed or abandoned,
     * the abandonments by the step the resident was on, and the step where most gave up (null when none did).
     */
    public record Funnel(String procedureId, long started, long inProgress, long completed, long abandoned,
                         Map<String, Long> abandonedAtStep, String worstStep) {
    }

    /**
     * One resource's bookings for days of the year: {@code places} offered on the days opened for booking (a day opens
     * with its first hold or booking), bookings made, of which cancelled, no-shows and filled from the waiting list, by
     * channel (LINE, WEB, PHONE); {@code utilisation} = (booked − cancelled) / places in percent, one decimal (null without places).
     */
    public record Reservations(String resourceId, long places, long booked, long cancelled, long noShows, long fromWaitingList,
                               Map<String, Long> byChannel, Double utilisation) {
    }
}
