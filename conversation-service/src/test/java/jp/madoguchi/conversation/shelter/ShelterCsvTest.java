package jp.madoguchi.conversation.shelter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ShelterCsvTest {

    static final String GSI_HEADER = "共通ID,施設・場所名,住所,洪水,崖崩れ、土石流及び地滑り,高潮,地震,津波,大規模な火事,内水氾濫,火山現象,指定避難所との住所同一,緯度,経度,備考\r\n";

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsGsiCsvWithBomQuotedMultiLineCellsAndHazardFlags() {
        String csv = "\uFEFF" + GSI_HEADER
                + "01484-001,苫前町民体育館,北海道苫前郡苫前町字旭37-1,◎,,,◎,1,,,,1,44.3066,141.6536,\r\n"
                + "01484-002,\"苫前小学校\n（グラウンド）\",\"北海道苫前郡苫前町字古丹別, 1\",,◎,,◎,,◎,,,,44.2413,141.7581,\"高台\r\nです\"\r\n";
        ShelterCsv.Parsed parsed = ShelterCsv.parse(utf8(csv));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.format()).isEqualTo(ShelterCsv.Format.GSI);
        assertThat(parsed.shelters()).hasSize(2);
        Shelter gym = parsed.shelters().get(0);
        assertThat(gym.name()).isEqualTo("苫前町民体育館");
        assertThat(gym.latitude()).isEqualTo(44.3066);
        assertThat(gym.longitude()).isEqualTo(141.6536);
        assertThat(gym.hazards()).isEqualTo(EnumSet.of(Hazard.FLOOD, Hazard.EARTHQUAKE, Hazard.TSUNAMI));
        Shelter school = parsed.shelters().get(1);
        assertThat(school.name()).isEqualTo("苫前小学校\n（グラウンド）");
        assertThat(school.address()).isEqualTo("北海道苫前郡苫前町字古丹別, 1");
        assertThat(school.hazards()).isEqualTo(EnumSet.of(Hazard.LANDSLIDE, Hazard.EARTHQUAKE, Hazard.FIRE));
    }

    @Test
    void readsTheStandardDatasetWithCapacityAndWithoutBom() {
        String csv = "都道府県コード又は市区町村コード,NO,名称,名称_カナ,所在地_連結表記,緯度,経度,標高,電話番号,災害種別_洪水,"
                + "災害種別_崖崩れ、土石流及び地滑り,災害種別_高潮,災害種別_地震,災害種別_津波,災害種別_大規模な火事,災害種別_内水氾濫,"
                + "災害種別_火山現象,指定避難所との重複,想定収容人数,対象となる町会・自治会,URL,備考\n"
                + "014834,1,苫前町公民館,トママエチョウコウミンカン,北海道苫前郡苫前町字旭,44.3,141.65,10,,1,,1,1,,,,,1,\"1,200\",,,\n"
                + "014834,2,力昼地区会館,,北海道苫前郡苫前町字力昼,44.2,141.62,5,,,,,1,,,,,,,,,\n";
        ShelterCsv.Parsed parsed = ShelterCsv.parse(utf8(csv));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.format()).isEqualTo(ShelterCsv.Format.STANDARD);
        assertThat(parsed.shelters()).extracting(Shelter::name).containsExactly("苫前町公民館", "力昼地区会館");
        assertThat(parsed.shelters().get(0).hazards()).isEqualTo(EnumSet.of(Hazard.FLOOD, Hazard.STORM_SURGE, Hazard.EARTHQUAKE));
        assertThat(parsed.shelters().get(0).capacity()).isEqualTo(1200);
        assertThat(parsed.shelters().get(1).capacity()).isNull();
        assertThat(parsed.shelters().get(1).hazards()).containsExactly(Hazard.EARTHQUAKE);
    }

    @Test
    void listsEveryProblemWithTheLineItStartsOnAndImportsNothing() {
        String csv = "\uFEFF" + GSI_HEADER
                + "1,体育館,住所,◎,,,◎,,,,,,44.3,141.6,\r\n"
                + "2,\"二行の\n名前\",住所,,,,,,,,,,北緯44,141.6,\r\n"
                + "3,,住所,,,,,,,,,,44.3,200,\r\n";
        ShelterCsv.Parsed parsed = ShelterCsv.parse(utf8(csv));

        assertThat(parsed.shelters()).isEmpty();
        assertThat(parsed.problems()).containsExactly(
                "3行目: 「緯度」が「北緯44」で、日本の中の度数（例: 44.2417）ではありません。",
                "5行目: 「施設・場所名」が空です。",
                "5行目: 「経度」が「200」で、日本の中の度数（例: 44.2417）ではありません。");
    }

    @Test
    void refusesAnUnknownHeaderAMissingHazardColumnShiftJisAndAnUnclosedQuote() {
        assertThat(ShelterCsv.parse(utf8("name,lat,lng\nA,44,141\n")).problems()).singleElement().asString().startsWith("1行目: 見出しが分かりません");
        assertThat(ShelterCsv.parse(utf8("施設・場所名,住所,洪水,地震,緯度,経度\nA,B,1,1,44,141\n")).problems())
                .contains("1行目: 「崖崩れ、土石流及び地滑り」の列がありません。", "1行目: 「火山現象」の列がありません。");
        assertThat(ShelterCsv.parse(GSI_HEADER.getBytes(Charset.forName("Shift_JIS"))).problems()).singleElement().asString().contains("UTF-8");
        assertThat(ShelterCsv.parse(utf8(GSI_HEADER + "1,\"閉じない,住所\r\n")).problems()).containsExactly("2行目: 「\"」で始まったセルが閉じられていません。");
        assertThat(ShelterCsv.parse(utf8(GSI_HEADER)).problems()).singleElement().asString().contains("避難場所の行がありません");
        assertThat(ShelterCsv.parse(new byte[0]).problems()).singleElement().asString().contains("空です");
    }
}
