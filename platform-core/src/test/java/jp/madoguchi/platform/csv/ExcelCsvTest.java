package jp.madoguchi.platform.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExcelCsvTest {

    @Test
    void everyFieldIsQuotedQuotesAreDoubledAndTheLineEndsInCrlf() {
        assertThat(ExcelCsv.line(Arrays.asList("2階の\"奥\"", null, "旭1-2"))).isEqualTo("\"2階の\"\"奥\"\"\",\"\",\"旭1-2\"\r\n");
    }

    @Test
    void valuesThatExcelWouldRunAsFormulasAreDefused() {
        assertThat(ExcelCsv.defused("=1+1")).isEqualTo("'=1+1");
        assertThat(ExcelCsv.defused("+81 90")).isEqualTo("'+81 90");
        assertThat(ExcelCsv.defused("-2")).isEqualTo("'-2");
        assertThat(ExcelCsv.defused("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(ExcelCsv.defused("2026-000001")).isEqualTo("2026-000001");
        assertThat(ExcelCsv.defused("")).isEmpty();
    }

    @Test
    void fullWidthSignsAndLeadingSpacesTabsAndLineBreaksAreDefusedToo() {
        assertThat(ExcelCsv.defused("＝1+1")).isEqualTo("'＝1+1");
        assertThat(ExcelCsv.defused("＋81")).isEqualTo("'＋81");
        assertThat(ExcelCsv.defused("－2")).isEqualTo("'－2");
        assertThat(ExcelCsv.defused("＠SUM(A1)")).isEqualTo("'＠SUM(A1)");
        assertThat(ExcelCsv.defused(" =1+1")).isEqualTo("' =1+1");
        assertThat(ExcelCsv.defused("\u3000=1+1")).isEqualTo("'\u3000=1+1");
        assertThat(ExcelCsv.defused("\t=1+1")).isEqualTo("'\t=1+1");
        assertThat(ExcelCsv.defused("\r=1+1")).isEqualTo("'\r=1+1");
        assertThat(ExcelCsv.defused("\n=1+1")).isEqualTo("'\n=1+1");
        assertThat(ExcelCsv.defused("旭1-2")).isEqualTo("旭1-2");
    }
}
