package jp.madoguchi.platform.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"014834" /* 苫前町 */, "131016" /* 千代田区 */, "011002" /* 札幌市 */, "011011" /* 札幌市中央区: sum mod 11 = 0 */,
            "472018" /* 那覇市 */, "015814" /* 沙流郡日高町 */})
    void acceptsRealLocalGovernmentCodes(String code) {
        assertThat(TenantId.of(code).code()).isEqualTo(code);
    }

    @Test
    void rejectsAWrongCheckDigitAndSaysWhichIsExpected() {
        assertThatThrownBy(() -> TenantId.of("014835"))
                .isInstanceOf(InvalidTenantIdException.class)
                .hasMessageContaining("check digit")
                .hasMessageContaining("expected 4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "01483", "0148340", "01483a", "０１４８３４"})
    void rejectsAnythingButSixAsciiDigits(String code) {
        assertThatThrownBy(() -> TenantId.of(code)).isInstanceOf(InvalidTenantIdException.class).hasMessageContaining("6-digit");
    }

    @Test
    void namesTheTownsOwnMongoDatabase() {
        assertThat(TenantId.of("014834").mongoDatabase()).isEqualTo("madoguchi_t_014834");
    }
}
