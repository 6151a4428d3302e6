package jp.madoguchi.platform.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void keepsTheLineEachRowStartsOnAcrossQuotedLineBreaksAndBlankLines() throws Exception {
        List<Csv.Row> rows = Csv.parse("\uFEFFa,\"b\r\nc\",d\r\n\r\n\"e \"\"f\"\"\",g");
        assertThat(rows).containsExactly(new Csv.Row(1, List.of("a", "b\r\nc", "d")), new Csv.Row(3, List.of("")),
                new Csv.Row(4, List.of("e \"f\"", "g")));
        assertThat(rows.get(1).blank()).isTrue();
    }

    @Test
    void readsLfOnlyFilesAndAFinalLineWithoutItsBreak() throws Exception {
        assertThat(Csv.parse("a,b\nc,")).containsExactly(new Csv.Row(1, List.of("a", "b")), new Csv.Row(2, List.of("c", "")));
    }
}
