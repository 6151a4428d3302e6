package jp.madoguchi.platform.embedded.line;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import jp.madoguchi.platform.embedded.line.LineHttp.Answer;

/** Failures a test asks for: the next n sends, or every send for a while, answer 429 or 500 and send nothing. */
final class FaultInjection {

    static final Set<Integer> INJECTABLE_STATUSES = Set.of(429, 500);

    private final Object lock = new Object();
    private int faultStatus;
    private int faultsLeft;
    private Instant faultsUntil = Instant.MIN;

    void failNext(int status, int count) {
        checkInjectable(status);
        synchronized (lock) {
            faultStatus = status;
            faultsLeft = count;
            faultsUntil = Instant.MIN;
        }
    }

    void failFor(Duration duration, int status) {
        checkInjectable(status);
        synchronized (lock) {
            faultStatus = status;
            faultsLeft = 0;
            faultsUntil = Instant.now().plus(duration);
        }
    }

    void clear() {
        synchronized (lock) {
            faultsLeft = 0;
            faultsUntil = Instant.MIN;
        }
    }

    /** The injected failure this send answers, or null when it goes through. */
    Answer next(String requestId) {
        synchronized (lock) {
            boolean failing = faultsLeft > 0 || Instant.now().isBefore(faultsUntil);
            if (!failing) {
                return null;
            }
            if (faultsLeft > 0) {
                faultsLeft--;
            }
            String message = faultStatus == 429 ? "Too Many Requests" : "Internal Server Error";
            return Answer.of(faultStatus, requestId, LineHttp.error(message, List.of()));
        }
    }

    private static void checkInjectable(int status) {
        if (!INJECTABLE_STATUSES.contains(status)) {
            throw new IllegalArgumentException("the emulator injects 429 or 500, not " + status);
        }
    }
}
