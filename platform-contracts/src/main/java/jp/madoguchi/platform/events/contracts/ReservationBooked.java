package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import jp.madoguchi.platform.events.EventContract;

/**
 * A place was booked: by a resident in chat ({@code source} RESIDENT), by staff for a phone caller (STAFF) or from the
 * waiting list after a cancellation (WAITING_LIST); {@code channel} is the booker's (LINE, WEB, PHONE). No resident id.
 */
@EventContract(type = "ReservationBooked", version = 1)
public record ReservationBooked(String bookingId, String resourceId, LocalDate date, LocalTime start, String source, String channel,
                                Instant bookedAt) {
}
