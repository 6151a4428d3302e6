package jp.madoguchi.procedure.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplicationCsvTest {

    /** The streamed file, joined as a download would be. */
    private static byte[] write(List<ApplicationQueue.Detail> applications) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        applications.forEach(a -> keys.addAll(a.answers().keySet()));
        return String.join("", ApplicationCsv.lines(keys, reactor.core.publisher.Flux.fromIterable(applications)).collectList().block())
                .getBytes(StandardCharsets.UTF_8);
    }

    private static ApplicationQueue.Detail application(String receipt, Map<String, String> answers, String assignee) {
        return new ApplicationQueue.Detail("id-" + receipt, receipt, "water-start", 1, "RECEIVED", "受付", "LINE", "r", "c",
                Instant.parse("2026-04-30T15:05:00Z"), Instant.parse("2026-04-30T15:05:00Z"), null, null, assignee, answers, List.of(),
                List.of());
    }

    @Test
    void excelReadsItAsUtf8WithCrlfAndEveryFieldQuoted() {
        String csv = new String(write(List.of(application("2026-000001", Map.of(), "山田 花子"))), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFF\"受付番号\",\"手続き\",\"手続きの版\",\"状態\",\"受付日時\",\"担当者\",\"更新日時\",\"終了日時\",\"チャネル\",\"申請ID\"\r\n");
        // 15:05 UTC on 30 April is 1 May 00:05 in Japan
        assertThat(csv).endsWith("\"2026-000001\",\"water-start\",\"1\",\"受付\",\"2026/05/01 00:05\",\"山田 花子\",\"2026/05/01 00:05\",\"\",\"LINE\",\"id-2026-000001\"\r\n");
    }

    @Test
    void eachAnswerGetsAColumnInTheOrderAnswersFirstAppear() {
        Map<String, String> first = new LinkedHashMap<>();
        first.put("startDate", "2026-05-01");
        first.put("address", "旭1-2");
        Map<String, String> second = new LinkedHashMap<>();
        second.put("address", "本町3");
        second.put("phone", "0164-00-0000");
        String[] lines = new String(write(List.of(application("2026-000002", first, null),
                application("2026-000003", second, null))), StandardCharsets.UTF_8).split("\r\n");
        assertThat(lines[0]).endsWith(",\"申請ID\",\"startDate\",\"address\",\"phone\"");
        assertThat(lines[1]).endsWith(",\"2026-05-01\",\"旭1-2\",\"\"");
        assertThat(lines[2]).endsWith(",\"\",\"本町3\",\"0164-00-0000\"");
    }

    @Test
    void quotesAreDoubledAndLineBreaksStayInsideTheirField() {
        String csv = new String(write(List.of(application("2026-000004", Map.of("note", "2階の\"奥\"\r\n裏口"), null))),
                StandardCharsets.UTF_8);
        assertThat(csv).contains("\"2階の\"\"奥\"\"\r\n裏口\"\r\n");
    }

    @Test
    void anAnswerThatExcelWouldRunAsAFormulaIsDefusedInItsColumn() {
        // the rules themselves: ExcelCsvTest in platform-core
        String csv = new String(write(List.of(application("2026-000009", Map.of("memo", "＝HYPERLINK(1)"), null))), StandardCharsets.UTF_8);
        assertThat(csv).contains("\"'＝HYPERLINK(1)\"");
    }

    @Test
    void rowsAreWrittenAsTheyComeNotCollectedFirst() {
        // the header and the first row come while the rest has not arrived (and never will)
        List<String> first = ApplicationCsv.lines(List.of(), reactor.core.publisher.Flux.just(application("2026-000005", Map.of(), null))
                .concatWith(reactor.core.publisher.Flux.never())).take(2).collectList().block(java.time.Duration.ofSeconds(5));
        assertThat(first).hasSize(2);
        assertThat(first.get(1)).startsWith("\"2026-000005\"");
    }
}
