package jp.madoguchi.conversation.richmenu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.bot.messaging.model.PostbackAction;
import com.linecorp.bot.messaging.model.URIAction;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import jp.madoguchi.conversation.richmenu.RichMenus.Area;
import jp.madoguchi.conversation.richmenu.RichMenus.AreaAction;
import org.junit.jupiter.api.Test;

class RichMenusTest {

    private static Area area(String label, String type, String procedureId, String url) {
        return new Area(label, new AreaAction(type, procedureId, url));
    }

    @Test
    void twoToSixWellFormedAreasPass() {
        assertThat(RichMenus.problems(List.of(area("水道", "procedure", "water-start", null), area("メニュー", "menu", null, null),
                area("登録情報", "attributes", null, null), area("町のサイト", "url", null, "https://www.town.tomamae.lg.jp/")))).isEmpty();
    }

    @Test
    void eachProblemNamesTheArea() {
        assertThat(RichMenus.problems(List.of(area("", "menu", null, null)))).containsExactly(
                "areas: give 2 to 6 areas (1-3 make one row, 4-6 two rows of three)");
        assertThat(RichMenus.problems(List.of(area("あ".repeat(21), "menu", null, null), area("x", "procedure", "Bad Id", null),
                area("y", "url", null, "http://insecure.example/"), area("z", "phone", null, null)))).containsExactly(
                "areas[0].label: 1 to 20 characters",
                "areas[1].action.procedureId: the id of a published procedure (lower-case letters, digits, hyphens)",
                "areas[2].action.url: an https:// address of at most 1000 characters",
                "areas[3].action.type: one of procedure, menu, attributes, shelter, url (not 'phone')");
    }

    @Test
    void areasBecomeThePostbacksTheInboxUnderstands() {
        assertThat(((PostbackAction) RichMenus.lineAction(area("水道", "procedure", "water-start", null))).data()).isEqualTo("start:water-start");
        assertThat(((PostbackAction) RichMenus.lineAction(area("メニュー", "menu", null, null))).data()).isEqualTo("menu");
        assertThat(((PostbackAction) RichMenus.lineAction(area("登録情報", "attributes", null, null))).data()).isEqualTo("attrs");
        assertThat(((URIAction) RichMenus.lineAction(area("町", "url", null, "https://example.jp/"))).uri()).hasToString("https://example.jp/");
        assertThat(((PostbackAction) RichMenus.lineAction(area("避難所", "shelter", null, null))).data()).isEqualTo("shelter");
    }

    @Test
    void theDisasterMenuPutsSheltersFirstThenTheTownsOwnAreasAtMostSix() {
        assertThat(DisasterMenus.disasterAreas(Optional.empty())).extracting(Area::label).containsExactly("避難所をさがす", "メニュー");
        List<Area> six = List.of(area("a", "menu", null, null), area("避難", "shelter", null, null), area("b", "attributes", null, null),
                area("c", "menu", null, null), area("d", "menu", null, null), area("e", "menu", null, null), area("f", "menu", null, null));
        assertThat(DisasterMenus.disasterAreas(Optional.of(new RichMenus.Current("id", six, Instant.now(), "x"))))
                .extracting(Area::label).containsExactly("避難所をさがす", "a", "b", "c", "d", "e");
    }

    @Test
    void layoutIsOneRowUpToThreeThenTwoRowsOfThree() {
        assertThat(new RichMenuLayout(2).height()).isEqualTo(843);
        assertThat(new RichMenuLayout(2).bounds(1)).containsExactly(1250, 0, 1250, 843);
        assertThat(new RichMenuLayout(3).bounds(2)).containsExactly(1666, 0, 834, 843);
        assertThat(new RichMenuLayout(5).height()).isEqualTo(1686);
        assertThat(new RichMenuLayout(5).bounds(4)).containsExactly(833, 843, 833, 843);
        assertThatThrownBy(() -> new RichMenuLayout(7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theImageIsAPngOfTheMenuSize() throws Exception {
        byte[] png = RichMenuImage.png(new RichMenuLayout(6), List.of("水道の開始", "粗大ごみ", "証明書", "メニュー", "登録情報", "とても長いラベルの例です"));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(2500);
        assertThat(image.getHeight()).isEqualTo(1686);
    }
}
