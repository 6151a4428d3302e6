package jp.madoguchi.notification.broadcast;

import com.linecorp.bot.messaging.model.FlexBox;
import com.linecorp.bot.messaging.model.FlexBubble;
import com.linecorp.bot.messaging.model.FlexButton;
import com.linecorp.bot.messaging.model.FlexComponent;
import com.linecorp.bot.messaging.model.FlexMessage;
import com.linecorp.bot.messaging.model.FlexText;
import com.linecorp.bot.messaging.model.ImageMessage;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.PostbackAction;
import com.linecorp.bot.messaging.model.TextMessage;
import java.util.ArrayList;
import java.util.List;

/** A broadcast as LINE messages: the text, the image if any, and a card whose button starts the procedure if one is named. */
final class LineBroadcastMessages {

    /** conversation-service starts a procedure on this postback (its {@code ResidentCounter.START_PREFIX}). */
    static final String START_PREFIX = "start:";
    private static final int MAX_ALT_TEXT = 400;

    private LineBroadcastMessages() {
    }

    static List<Message> of(String title, BroadcastContent content) {
        List<Message> messages = new ArrayList<>();
        messages.add(new TextMessage.Builder(content.text()).build());
        if (content.imageUrl() != null) {
            messages.add(new ImageMessage.Builder(java.net.URI.create(content.imageUrl()), java.net.URI.create(content.imageUrl())).build());
        }
        if (content.procedureId() != null) {
            List<FlexComponent> rows = List.of(new FlexText.Builder().text(title).wrap(true).weight(FlexText.Weight.BOLD).build());
            PostbackAction start = new PostbackAction.Builder().label(content.buttonLabel()).data(START_PREFIX + content.procedureId())
                    .displayText(content.buttonLabel()).build();
            FlexBubble card = new FlexBubble.Builder()
                    .body(new FlexBox.Builder(FlexBox.Layout.VERTICAL, rows).build())
                    .footer(new FlexBox.Builder(FlexBox.Layout.VERTICAL, List.of(new FlexButton.Builder(start).style(FlexButton.Style.PRIMARY).build())).build())
                    .build();
            String alt = title.length() <= MAX_ALT_TEXT ? title : title.substring(0, MAX_ALT_TEXT - 1) + "…";
            messages.add(new FlexMessage.Builder(alt, card).build());
        }
        return messages;
    }
}
