package jp.madoguchi.conversation.reservation;

/** No such booking on that day, or not the asking resident's (HTTP 404): ids cannot be probed. */
class BookingNotFound extends IllegalArgumentException {

    public BookingNotFound(String bookingId) {
        super("no booking " + bookingId);
    }
}
