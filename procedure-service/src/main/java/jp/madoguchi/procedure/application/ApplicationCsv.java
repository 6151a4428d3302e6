package jp.madoguchi.procedure.application;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The work queue as a CSV file that Excel on a town hall's PC opens as is: UTF-8 with a byte-order
 * mark (without it Excel reads Shift_JIS and garbles Japanese), CRLF line ends, every field quoted,
 * Japanese headers, times in Japan. Each answer gets its own column, named by its step key, in the
 * order the answers first appear. A field that Excel would run as a formula (starting with = + - @,
 * tab or CR: residents type answers) is prefixed with an apostrophe.
 */
public final class ApplicationCsv {

    public static final String BOM = "\uFEFF";
    static final List<String> HEADER = List.of("受付番号", "手続き", "手続きの版", "状態", "受付日時", "担当者", "更新日時", "終了日時",
            "チャネル", "申請ID");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(FiscalYear.JAPAN);

    private ApplicationCsv() {
    }

    public static byte[] write(List<ApplicationQueue.Detail> applications) {
        Set<String> answerKeys = new LinkedHashSet<>();
        applications.forEach(a -> answerKeys.addAll(a.answers().keySet()));
        StringBuilder csv = new StringBuilder(BOM);
        List<String> header = new ArrayList<>(HEADER);
        header.addAll(answerKeys);
        line(csv, header);
        for (ApplicationQueue.Detail a : applications) {
            List<String> row = new ArrayList<>(List.of(
                    a.receiptNumber(), a.procedureId(), String.valueOf(a.procedureVersion()), a.statusLabel(), time(a.submittedAt()),
                    nullToEmpty(a.assigneeName()), time(a.updatedAt()), time(a.closedAt()), a.channel(), a.applicationId()));
            for (String key : answerKeys) {
                row.add(nullToEmpty(a.answers().get(key)));
            }
            line(csv, row);
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append('"').append(defused(fields.get(i)).replace("\"", "\"\"")).append('"');
        }
        csv.append("\r\n");
    }

    static String defused(String value) {
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }

    private static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
