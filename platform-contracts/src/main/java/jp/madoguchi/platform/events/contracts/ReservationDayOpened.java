package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import java.time.LocalDate;
import jp.madoguchi.platform.events.EventContract;

/**
 * A resource's day was opened by its first hold or booking: {@code places} is what it offers (its start times ×
 * the places per start). Utilisation is measured against the places of the days opened.
 */
@EventContract(type = "ReservationDayOpened", version = 1)
public record ReservationDayOpened(String resourceId, LocalDate date, int places, Instant openedAt) {
}
