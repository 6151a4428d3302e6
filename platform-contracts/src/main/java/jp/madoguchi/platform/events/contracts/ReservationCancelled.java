package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import jp.madoguchi.platform.events.EventContract;

/** A booking was cancelled, {@code by} the RESIDENT or STAFF; its place went to the waiting list if anyone waited. */
@EventContract(type = "ReservationCancelled", version = 1)
public record ReservationCancelled(String bookingId, String resourceId, LocalDate date, LocalTime start, String by, Instant cancelledAt) {
}
