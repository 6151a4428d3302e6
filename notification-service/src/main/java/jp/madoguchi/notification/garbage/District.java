package jp.madoguchi.notification.garbage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One collection district (5374: a row of {@code area_days.csv}, its 地名).
 *
 * @param center the collection centre whose year-end break applies, or empty
 */
record District(String name, String center, List<TypeSchedule> schedules) {

    District {
        center = center == null ? "" : center;
        schedules = List.copyOf(schedules);
    }

    /** A stable key for public links: the same 地名 keeps its key across imports, and the link holds no Japanese text. */
    String key() {
        return keyOf(name);
    }

    /** 12 hex digits of the SHA-256 of {@code text}: short, URL-safe, the same for the same text. */
    static String keyOf(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
