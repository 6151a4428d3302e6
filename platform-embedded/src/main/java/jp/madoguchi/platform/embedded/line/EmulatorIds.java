package jp.madoguchi.platform.embedded.line;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/** Identifiers the emulator hands out the way LINE does: message ids, quote tokens, and one order over every chat entry. */
final class EmulatorIds {

    private final SecureRandom random = new SecureRandom();
    private final AtomicLong messageIds = new AtomicLong(470_000_000_000_000_000L);
    private final AtomicLong sequence = new AtomicLong();

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    String nextMessageId() {
        return Long.toString(messageIds.incrementAndGet());
    }

    String quoteToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24));
    }

    String randomHex(int bytes) {
        return HexFormat.of().formatHex(randomBytes(bytes));
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
