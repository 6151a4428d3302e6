package jp.madoguchi.platform.ical;

import java.nio.charset.StandardCharsets;

/** The two rules every iCalendar (RFC 5545) the platform serves follows: TEXT escaping and line folding. */
public final class ContentLines {

    private ContentLines() {
    }

    /** TEXT escaping (RFC 5545 §3.3.11). */
    public static String text(String value) {
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n");
    }

    /** Appends a content line folded at 75 octets, never inside a UTF-8 character (§3.1), ended by CRLF. */
    public static void line(StringBuilder out, String line) {
        int octets = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > 75) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        out.append("\r\n");
    }
}
