package jp.madoguchi.conversation.line;

import com.linecorp.bot.messaging.model.Action;
import com.linecorp.bot.messaging.model.CameraAction;
import com.linecorp.bot.messaging.model.CameraRollAction;
import com.linecorp.bot.messaging.model.DatetimePickerAction;
import com.linecorp.bot.messaging.model.FlexBox;
import com.linecorp.bot.messaging.model.FlexBubble;
import com.linecorp.bot.messaging.model.FlexButton;
import com.linecorp.bot.messaging.model.FlexCarousel;
import com.linecorp.bot.messaging.model.FlexComponent;
import com.linecorp.bot.messaging.model.FlexContainer;
import com.linecorp.bot.messaging.model.FlexMessage;
import com.linecorp.bot.messaging.model.FlexSeparator;
import com.linecorp.bot.messaging.model.FlexText;
import com.linecorp.bot.messaging.model.LocationAction;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.PostbackAction;
import com.linecorp.bot.messaging.model.QuickReply;
import com.linecorp.bot.messaging.model.QuickReplyItem;
import com.linecorp.bot.messaging.model.TextMessage;
import java.util.ArrayList;
import java.util.List;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.conversation.engine.ResidentInput;

/**
 * Renders the engine's channel-neutral replies as LINE messages, within the Messaging API's limits
 * (messaging-api.yml): text ≤ 5,000 characters, altText ≤ 1,500, quick reply ≤ 13 items with labels
 * ≤ 20 characters, postback data ≤ 300 characters, at most 5 messages per call ({@link #batches}).
 */
public final class LineMessages {

    public static final int MAX_MESSAGES_PER_CALL = 5;
    static final int MAX_TEXT = 5000;
    static final int MAX_ALT_TEXT = 1500;
    static final int MAX_QUICK_REPLY_ITEMS = 13;
    static final int MAX_ACTION_LABEL = 20;
    static final int MAX_POSTBACK_DATA = 300;
    /** Buttons per bubble before the options spill into a carousel; a carousel holds at most 12 bubbles. */
    static final int BUTTONS_PER_BUBBLE = 10;
    static final int MAX_BUBBLES = 12;
    /** Postback data of a date picker: the picked value arrives in the postback's params. */
    public static final String DATE_PICKED = "cmd:date";

    private LineMessages() {
    }

    public static List<Message> render(List<Reply> replies) {
        List<Message> messages = new ArrayList<>();
        for (Reply reply : replies) {
            messages.add(render(reply));
        }
        return messages;
    }

    /** Splits messages into calls of at most {@value #MAX_MESSAGES_PER_CALL}, in order. */
    public static List<List<Message>> batches(List<Message> messages) {
        List<List<Message>> batches = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += MAX_MESSAGES_PER_CALL) {
            batches.add(List.copyOf(messages.subList(from, Math.min(messages.size(), from + MAX_MESSAGES_PER_CALL))));
        }
        return batches;
    }

    static Message render(Reply reply) {
        if (reply instanceof Reply.Say say) {
            return new TextMessage(text(say.text()));
        } else if (reply instanceof Reply.Ask ask) {
            return text(ask.text(), quickReply(List.of(), ask.quickOptions()));
        } else if (reply instanceof Reply.AskDate date) {
            DatetimePickerAction.Builder picker = new DatetimePickerAction.Builder()
                    .label(date.withTime() ? "日時を選ぶ" : "日付を選ぶ")
                    .data(DATE_PICKED)
                    .mode(date.withTime() ? DatetimePickerAction.Mode.DATETIME : DatetimePickerAction.Mode.DATE);
            if (date.min() != null) {
                picker.min(date.withTime() ? date.min() + "T00:00" : date.min().toString());
                picker.initial(date.withTime() ? date.min() + "T09:00" : date.min().toString());
            }
            if (date.max() != null) {
                picker.max(date.withTime() ? date.max() + "T23:59" : date.max().toString());
            }
            return text(date.text(), quickReply(List.of(picker.build()), date.quickOptions()));
        } else if (reply instanceof Reply.AskLocation location) {
            return text(location.text(), quickReply(List.of(new LocationAction("位置情報を送る")), location.quickOptions()));
        } else if (reply instanceof Reply.AskPhoto photo) {
            return text(photo.text(), quickReply(List.of(new CameraAction("カメラで撮る"), new CameraRollAction("写真を選ぶ")),
                    photo.quickOptions()));
        } else if (reply instanceof Reply.Buttons buttons) {
            return flex(buttons.text(), buttonsContainer(buttons), quickReply(List.of(), buttons.quickOptions()));
        } else if (reply instanceof Reply.Summary summary) {
            return flex(summary.title(), summaryBubble(summary), quickReply(List.of(), summary.quickOptions()));
        }
        throw new IllegalArgumentException("no LINE rendering for " + reply.getClass().getSimpleName());
    }

    private static TextMessage text(String text, QuickReply quickReply) {
        return new TextMessage.Builder(text(text)).quickReply(quickReply).build();
    }

    private static FlexMessage flex(String altText, FlexContainer contents, QuickReply quickReply) {
        return new FlexMessage.Builder(cut(altText, MAX_ALT_TEXT), contents).quickReply(quickReply).build();
    }

    /** Channel chips (picker, location, camera) first, then the engine's options; never more than 13. */
    static QuickReply quickReply(List<Action> channelActions, List<Reply.QuickOption> options) {
        List<QuickReplyItem> items = new ArrayList<>();
        channelActions.forEach(a -> items.add(new QuickReplyItem(a)));
        for (Reply.QuickOption option : options) {
            if (items.size() == MAX_QUICK_REPLY_ITEMS) {
                break;
            }
            items.add(new QuickReplyItem(postback(option.label(), option.value(), option.label())));
        }
        return items.isEmpty() ? null : new QuickReply(items);
    }

    /**
     * A postback showing {@code displayText} in the chat, as if the resident had typed it.
     *
     * @throws IllegalArgumentException when {@code data} is longer than LINE accepts (a flow's option value too long)
     */
    static PostbackAction postback(String label, String data, String displayText) {
        if (data.length() > MAX_POSTBACK_DATA) {
            throw new IllegalArgumentException("postback data longer than " + MAX_POSTBACK_DATA + " characters: " + data.substring(0, 40) + "…");
        }
        return new PostbackAction.Builder().label(cut(label, MAX_ACTION_LABEL)).data(data).displayText(cut(displayText, MAX_ACTION_LABEL * 15))
                .build();
    }

    private static FlexContainer buttonsContainer(Reply.Buttons buttons) {
        List<FlexBubble> bubbles = new ArrayList<>();
        List<Reply.QuickOption> options = buttons.options();
        for (int from = 0; from < options.size() && bubbles.size() < MAX_BUBBLES; from += BUTTONS_PER_BUBBLE) {
            List<FlexComponent> rows = new ArrayList<>();
            rows.add(new FlexText.Builder().text(cut(buttons.text(), 2000)).wrap(true).weight(FlexText.Weight.BOLD).build());
            for (Reply.QuickOption option : options.subList(from, Math.min(options.size(), from + BUTTONS_PER_BUBBLE))) {
                rows.add(new FlexButton.Builder(postback(option.label(), option.value(), option.label()))
                        .style(FlexButton.Style.SECONDARY).margin("sm").build());
            }
            bubbles.add(new FlexBubble.Builder().body(new FlexBox.Builder(FlexBox.Layout.VERTICAL, rows).spacing("sm").build()).build());
        }
        return bubbles.size() == 1 ? bubbles.get(0) : new FlexCarousel(bubbles);
    }

    /** Each answer as 「label: value」 with its own 修正する, then the confirm button. */
    private static FlexBubble summaryBubble(Reply.Summary summary) {
        List<FlexComponent> rows = new ArrayList<>();
        rows.add(new FlexText.Builder().text(cut(summary.title(), 2000)).wrap(true).weight(FlexText.Weight.BOLD).build());
        for (Reply.SummaryLine line : summary.lines()) {
            rows.add(new FlexSeparator("md", null));
            List<FlexComponent> cells = List.of(
                    new FlexText.Builder().text(line.label()).size("sm").color("#666666").flex(2).wrap(true).build(),
                    new FlexText.Builder().text(line.displayValue()).size("sm").flex(3).wrap(true).build(),
                    new FlexButton.Builder(postback("修正する", ResidentInput.editPostback(line.field()), "「" + line.label() + "」を修正する"))
                            .style(FlexButton.Style.LINK).height(FlexButton.Height.SM).flex(2).build());
            rows.add(new FlexBox.Builder(FlexBox.Layout.HORIZONTAL, cells).spacing("sm").margin("md").build());
        }
        FlexBox footer = new FlexBox.Builder(FlexBox.Layout.VERTICAL, List.of(
                new FlexButton.Builder(postback(summary.confirmLabel(), ResidentInput.CONFIRM, summary.confirmLabel()))
                        .style(FlexButton.Style.PRIMARY).build())).build();
        return new FlexBubble.Builder()
                .body(new FlexBox.Builder(FlexBox.Layout.VERTICAL, rows).spacing("sm").build())
                .footer(footer)
                .build();
    }

    private static String text(String text) {
        return cut(text == null || text.isEmpty() ? " " : text, MAX_TEXT);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
