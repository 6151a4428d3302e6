package jp.madoguchi.conversation.reservation;

/** A change the booking's state does not allow, e.g. a resident cancelling after the cutoff (HTTP 409). */
class ReservationConflict extends IllegalStateException {

    public ReservationConflict(String message) {
        super(message);
    }
}
