package jp.madoguchi.conversation.line;

import com.linecorp.bot.messaging.model.Message;
import java.util.List;
import jp.madoguchi.conversation.counter.Answer;
import jp.madoguchi.conversation.counter.ResidentCounter;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.conversation.line.LineEventReader.Inbound;
import org.springframework.stereotype.Component;

/**
 * Renders the counter's answers as LINE messages and records them as sends ({@link LineReplies}), each
 * under a send key that is the same however often the event is handled: the outbox never sends a key twice.
 */
@Component
class LineAnswers {

    static final String APOLOGY = "うまく受け付けられませんでした。お手数ですが、もう一度お送りください。";

    private final LineReplies replies;
    private final ResidentCounter counter;

    LineAnswers(LineReplies replies, ResidentCounter counter) {
        this.replies = replies;
        this.counter = counter;
    }

    /** Records what to send for {@code in} in the current transaction. */
    void record(Inbound in, String lineUserId, Answer answer) {
        String eventId = in.event().webhookEventId();
        if (answer instanceof Answer.Welcome) {
            replies.welcome(in.tenant(), lineUserId, in.replyToken(), in.at(), eventId, List.of(menu(in, null)));
        } else if (answer instanceof Answer.Menu menu) {
            send(in, lineUserId, "menu:" + eventId, List.of(menu(in, menu.intro())));
        } else if (answer instanceof Answer.Turn t) {
            send(in, lineUserId, "turn:" + t.turn().conversationId() + ":" + t.turn().turn(), LineMessages.render(t.turn().replies()));
        } else if (answer instanceof Answer.Say say) {
            send(in, lineUserId, say.topic() + ":" + eventId, LineMessages.render(say.replies()));
        }
    }

    /** The one apology for an event that could not be handled and was set aside for an operator. */
    void apologise(Inbound in, String lineUserId) {
        send(in, lineUserId, "parked:" + in.event().webhookEventId(), List.of(LineMessages.render(new Reply.Say(APOLOGY))));
    }

    private void send(Inbound in, String lineUserId, String sendKey, List<Message> messages) {
        replies.send(in.tenant(), lineUserId, in.replyToken(), in.at(), sendKey, messages);
    }

    private Message menu(Inbound in, String intro) {
        return LineMessages.render(counter.menuQuestion(in.tenant(), intro, LineMessages.MAX_QUICK_REPLY_ITEMS));
    }
}
