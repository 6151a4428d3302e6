package jp.madoguchi.platform.csv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV that towns publish: UTF-8 with or without a byte-order mark (the 5374 files), or Shift_JIS as Excel saves
 * it; CRLF or LF; quoted cells that may hold commas, quotes and line breaks. Each row keeps the line it starts on,
 * so that a problem names the line staff see in their editor. Read by the garbage calendar, the lunch menus and the
 * shelter lists.
 */
public final class Csv {

    private static final Charset SHIFT_JIS = Charset.forName("windows-31j");

    /** One row and the 1-based line it starts on. */
    public record Row(int line, List<String> cells) {
        public Row {
            cells = List.copyOf(cells);
        }

        public String cell(int i) {
            return i < cells.size() ? cells.get(i).strip() : "";
        }

        public boolean blank() {
            return cells.stream().allMatch(String::isBlank);
        }
    }

    /** A file that is not CSV at all. */
    public static final class MalformedCsvException extends Exception {
        MalformedCsvException(String message) {
            super(message);
        }
    }

    private Csv() {
    }

    /** The text of a town's file: strict UTF-8 first, Shift_JIS if that fails (Excel's default on a Japanese PC). */
    public static String decode(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            return new String(bytes, SHIFT_JIS);
        }
    }

    /** Every row, blank ones included (callers skip them), per RFC 4180. */
    public static List<Row> parse(String text) throws MalformedCsvException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int line = 1;
        int rowLine = 1;
        boolean quoted = false;
        boolean cellStarted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().isBlank()) {
                quoted = true;
                cellStarted = true;
                cell.setLength(0);
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                cellStarted = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cell.toString());
                rows.add(new Row(rowLine, cells));
                cells = new ArrayList<>();
                cell.setLength(0);
                cellStarted = false;
                line++;
                rowLine = line;
            } else {
                cell.append(c);
                cellStarted = true;
            }
        }
        if (quoted) {
            throw new MalformedCsvException(rowLine + "行目: 「\"」で始まったセルが閉じられていません。");
        }
        if (cellStarted || cell.length() > 0 || !cells.isEmpty()) {
            cells.add(cell.toString());
            rows.add(new Row(rowLine, cells));
        }
        return rows;
    }
}
