package jp.madoguchi.procedure.application;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import jp.madoguchi.platform.csv.ExcelCsv;
import jp.madoguchi.platform.fiscal.FiscalYear;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The work queue as a CSV file that Excel opens as is ({@link ExcelCsv}: BOM, CRLF, quoted, formulas
 * defused), Japanese headers, times in Japan. Each answer gets its own column, named by its step key, in the
 * order the answers first appear. Streamed: rows are written as they are read, never all held in memory.
 */
final class ApplicationCsv {

    static final List<String> HEADER = List.of("受付番号", "手続き", "手続きの版", "状態", "受付日時", "担当者", "更新日時", "終了日時",
            "チャネル", "申請ID");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(FiscalYear.JAPAN);

    private ApplicationCsv() {
    }

    /**
     * The file as a stream of lines, written as the rows come: the BOM and header first, then one line
     * per application. {@code answerKeys} (the answer columns) must be known before the first row.
     */
    public static Flux<String> lines(Collection<String> answerKeys, Flux<ApplicationQueue.Detail> applications) {
        List<String> header = new ArrayList<>(HEADER);
        header.addAll(answerKeys);
        List<String> keys = List.copyOf(answerKeys);
        return Flux.concat(Mono.just(ExcelCsv.BOM + ExcelCsv.line(header)), applications.map(a -> ExcelCsv.line(row(a, keys))));
    }

    private static List<String> row(ApplicationQueue.Detail a, List<String> answerKeys) {
        List<String> row = new ArrayList<>(List.of(
                a.receiptNumber(), a.procedureId(), String.valueOf(a.procedureVersion()), a.statusLabel(), time(a.submittedAt()),
                nullToEmpty(a.assigneeName()), time(a.updatedAt()), time(a.closedAt()), a.channel(), a.applicationId()));
        for (String key : answerKeys) {
            row.add(nullToEmpty(a.answers().get(key)));
        }
        return row;
    }

    private static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
