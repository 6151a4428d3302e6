package jp.madoguchi.conversation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.madoguchi.platform.flow.Branch;
import jp.madoguchi.platform.flow.ChoiceDisplay;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.Option;
import jp.madoguchi.platform.flow.Step;

/** Flows and a little driver that plays a resident through the engine, keeping the latest state. */
final class EngineFixtures {

    /** 2026-04-01 09:00 in Tokyo. */
    static final Instant NOW = Instant.parse("2026-04-01T00:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 4, 1);
    static final Duration IDLE = Duration.ofMinutes(30);

    private EngineFixtures() {
    }

    /** 水道の使用開始, as in platform-core's water-start.json: paying by account asks for the bank. */
    static FlowDefinition waterStart(int version) {
        return new FlowDefinition("water-start", version, "水道の使用開始", "intro", List.of(
                new Step.Message("intro", "水道の使用開始の申し込みです。", "startDate"),
                new Step.Date("startDate", "使い始める日を選んでください。", "address", "startDate", "開始日", 1, 60),
                new Step.Text("address", "住所を入力してください。", "payment", "address", "住所", 5, 100, null, null, null),
                new Step.SingleChoice("payment", "支払方法を選んでください。", "phone", "paymentMethod", "支払方法",
                        List.of(new Option("account", "口座振替"), new Option("slip", "納付書")), ChoiceDisplay.QUICK_REPLY,
                        List.of(new Branch("account", "bank"))),
                new Step.Text("bank", "金融機関の名前を入力してください。", "phone", "bankName", "金融機関", null, 40, null, null, null),
                new Step.Text("phone", "電話番号を入力してください。", "confirm", "phone", "電話番号", null, null,
                        "0\\d{1,4}-?\\d{1,4}-?\\d{3,4}", "電話番号は 0 から始まる数字で入力してください。", null),
                new Step.Confirm("confirm", "入力した内容を確認してください。", "done", "この内容で申し込む"),
                new Step.Submit("done", "申し込みを受け付けました。")));
    }

    /** One question (whose next must be "done"), then submit: for exercising a single step type. */
    static FlowDefinition single(Step.Question question) {
        return new FlowDefinition("one", 1, "テスト", question.id(), List.of(question, new Step.Submit("done", "受け付けました。")));
    }

    /** A question before {@code question}, so 戻る is offered. */
    static FlowDefinition afterName(Step.Question question) {
        return new FlowDefinition("two", 1, "テスト", "name", List.of(
                new Step.Text("name", "お名前は？", question.id(), "name", "氏名", null, null, null, null, null),
                question,
                new Step.Submit("done", "受け付けました。")));
    }

    static List<Option> options(int count) {
        List<Option> options = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            options.add(new Option("o" + i, "選択肢" + i));
        }
        return options;
    }

    static Step.Number number(BigDecimal min, BigDecimal max, boolean integerOnly) {
        return new Step.Number("count", "いくつですか？", "done", "count", "個数", min, max, integerOnly, "個");
    }

    /** Plays a resident: each input goes through the engine and the new state is kept. */
    static final class Resident {
        final ConversationEngine engine;
        final FlowDefinition flow;
        ConversationState state;
        Instant now = NOW;
        Turn last;

        Resident(FlowDefinition flow) {
            this(new ConversationEngine(Clock.fixed(NOW, ConversationEngine.TOKYO), IDLE), flow);
        }

        Resident(ConversationEngine engine, FlowDefinition flow) {
            this.engine = engine;
            this.flow = flow;
            this.last = engine.start(flow, now);
            this.state = last.state();
            assertQuickRepliesFit(last);
        }

        Turn send(ResidentInput input) {
            last = engine.handle(flow, state, input, now);
            state = last.state();
            assertQuickRepliesFit(last);
            return last;
        }

        Turn text(String text) {
            return send(new ResidentInput.Text(text));
        }

        Turn tap(String value) {
            return send(ResidentInput.fromPostback(value));
        }

        Resident later(Duration elapsed) {
            now = now.plus(elapsed);
            return this;
        }

        Reply lastReply() {
            return last.replies().get(last.replies().size() - 1);
        }
    }

    /** Every turn of every test checks LINE's limits: at most 13 quick replies, at most 5 messages. */
    static void assertQuickRepliesFit(Turn turn) {
        assertThat(turn.replies()).hasSizeLessThanOrEqualTo(5);
        for (Reply reply : turn.replies()) {
            assertThat(reply.quickReplyItems()).as("quick replies in %s", reply).isLessThanOrEqualTo(Reply.MAX_QUICK_REPLY_ITEMS);
        }
    }

    static List<String> quickLabels(Reply reply) {
        List<Reply.QuickOption> options;
        if (reply instanceof Reply.Ask a) {
            options = a.quickOptions();
        } else if (reply instanceof Reply.Buttons b) {
            options = b.quickOptions();
        } else if (reply instanceof Reply.AskDate d) {
            options = d.quickOptions();
        } else if (reply instanceof Reply.AskLocation l) {
            options = l.quickOptions();
        } else if (reply instanceof Reply.AskPhoto p) {
            options = p.quickOptions();
        } else if (reply instanceof Reply.Summary s) {
            options = s.quickOptions();
        } else {
            options = List.of();
        }
        return options.stream().map(Reply.QuickOption::label).toList();
    }

    static String text(Reply reply) {
        if (reply instanceof Reply.Say s) {
            return s.text();
        } else if (reply instanceof Reply.Ask a) {
            return a.text();
        } else if (reply instanceof Reply.Buttons b) {
            return b.text();
        } else if (reply instanceof Reply.AskDate d) {
            return d.text();
        } else if (reply instanceof Reply.AskLocation l) {
            return l.text();
        } else if (reply instanceof Reply.AskPhoto p) {
            return p.text();
        } else if (reply instanceof Reply.Summary s) {
            return s.title();
        }
        throw new IllegalArgumentException(String.valueOf(reply));
    }
}
