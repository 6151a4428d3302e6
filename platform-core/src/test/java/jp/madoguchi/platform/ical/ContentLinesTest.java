package jp.madoguchi.platform.ical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentLinesTest {

    @Test
    void foldsLongLinesAtSeventyFiveOctetsWithoutSplittingACharacter() {
        StringBuilder out = new StringBuilder();
        ContentLines.line(out, "SUMMARY:" + "資源ごみ".repeat(10));
        String[] lines = out.toString().split("\r\n");
        assertThat(lines.length).isGreaterThan(1);
        for (String line : lines) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75);
        }
        assertThat(out.toString().replace("\r\n ", "")).isEqualTo("SUMMARY:" + "資源ごみ".repeat(10) + "\r\n");
    }

    @Test
    void escapesTextValues() {
        assertThat(ContentLines.text("びん,かん;古紙\\\n")).isEqualTo("びん\\,かん\\;古紙\\\\\\n");
    }
}
