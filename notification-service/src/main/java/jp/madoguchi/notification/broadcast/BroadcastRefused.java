package jp.madoguchi.notification.broadcast;

/** A step the broadcast's state does not allow now; the message tells staff why, in Japanese (HTTP 409). */
class BroadcastRefused extends RuntimeException {

    BroadcastRefused(String message) {
        super(message);
    }
}
