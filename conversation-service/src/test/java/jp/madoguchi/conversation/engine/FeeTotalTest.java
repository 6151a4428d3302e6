package jp.madoguchi.conversation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.flow.Fee;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.Step;
import org.junit.jupiter.api.Test;

/** 粗大ごみ: the resident sees the fee total of what they answered, never the placeholder. */
class FeeTotalTest {

    private final FlowDefinition flow = new FlowDefinition("bulky-waste", 1, "粗大ごみ", "total",
            List.of(new Step.Message("total", "料金の合計は {feeTotal} 円です。", null)),
            List.of(new Fee("sofa", "ソファ", 1200, "sofaCount"), new Fee("chair", "いす", 300, "chairCount")));

    @Test
    void showsUnitFeesTimesTheAnsweredQuantities() {
        ConversationState state = stateWith(Map.of(
                "sofaCount", new Answer.Number(new BigDecimal("1"), "個"),
                "chairCount", new Answer.Number(new BigDecimal("3"), "個")));
        assertThat(Questions.withFeeTotal(flow, state, "料金の合計は {feeTotal} 円です。")).isEqualTo("料金の合計は 2,100 円です。");
    }

    @Test
    void unansweredQuantitiesCountAsNone() {
        assertThat(Questions.withFeeTotal(flow, stateWith(Map.of()), "合計 {feeTotal} 円")).isEqualTo("合計 0 円");
    }

    @Test
    void promptsWithoutThePlaceholderAreLeftAlone() {
        assertThat(Questions.withFeeTotal(flow, stateWith(Map.of()), "ありがとうございました。")).isEqualTo("ありがとうございました。");
    }

    private static ConversationState stateWith(Map<String, Answer> answers) {
        return new ConversationState("bulky-waste", 1, "total", answers, List.of(), null, Instant.now(), ConversationState.Status.ACTIVE);
    }
}
