package jp.madoguchi.platform.csv;

import java.util.List;

/**
 * CSV lines that Excel on a town hall's PC opens as is: the file starts with a UTF-8 byte-order mark (without
 * it Excel reads Shift_JIS and garbles Japanese), lines end in CRLF, every field is quoted. A field Excel would
 * run as a formula (starting with = + - @ or their full-width forms, or with a space, tab or line break:
 * residents type these values) is prefixed with an apostrophe.
 */
public final class ExcelCsv {

    public static final String BOM = "\uFEFF";

    private ExcelCsv() {
    }

    /** One line, CRLF included; a null field is written empty. */
    public static String line(List<String> fields) {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            String field = fields.get(i) == null ? "" : fields.get(i);
            csv.append('"').append(defused(field).replace("\"", "\"\"")).append('"');
        }
        return csv.append("\r\n").toString();
    }

    static String defused(String value) {
        // full-width ＝＋－＠ too (Excel reads them as formulas when the input method left them so), and any
        // leading space, tab or line break, after which Excel may still find a formula
        if (!value.isEmpty() && ("=+-@＝＋－＠".indexOf(value.charAt(0)) >= 0 || Character.isWhitespace(value.charAt(0))
                || Character.isSpaceChar(value.charAt(0)))) {
            return "'" + value;
        }
        return value;
    }
}
