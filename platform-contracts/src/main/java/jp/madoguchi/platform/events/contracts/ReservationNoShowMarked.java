package jp.madoguchi.platform.events.contracts;

import java.time.Instant;
import java.time.LocalDate;
import jp.madoguchi.platform.events.EventContract;

/** Staff marked a booking as a no-show (無断キャンセル) once its time had come. */
@EventContract(type = "ReservationNoShowMarked", version = 1)
public record ReservationNoShowMarked(String bookingId, String resourceId, LocalDate date, Instant markedAt) {
}
