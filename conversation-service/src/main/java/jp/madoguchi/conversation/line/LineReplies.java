package jp.madoguchi.conversation.line;

import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.TextMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.stereotype.Component;

/**
 * Sends to residents through the {@link LineOutbox}: every send is recorded (in the caller's
 * transaction when there is one) and goes out after the commit, by reply token while it is fresh,
 * else by push with an {@code X-Line-Retry-Key} derived from {@code sendKey}, so LINE never
 * delivers it twice.
 */
@Component
class LineReplies {

    private final LineChannels channels;
    private final LineOutbox outbox;
    private final LineProperties props;

    public LineReplies(LineChannels channels, LineOutbox outbox, LineProperties props) {
        this.channels = channels;
        this.outbox = outbox;
        this.props = props;
    }

    /** The welcome text of the town, followed by {@code then} (e.g. the menu of procedures). */
    public List<Message> welcomeMessages(TenantId tenant, List<Message> then) {
        String town = channels.channel(tenant).map(jp.madoguchi.conversation.channel.TownChannel::townName).orElse("町");
        List<Message> messages = new ArrayList<>();
        messages.add(new TextMessage(
                "友だち追加、ありがとうございます。\n" + town + "の公式アカウントです。\n"
                        + "手続きやお知らせは、下のメニューから選んでください。"));
        messages.addAll(then);
        return messages;
    }

    /** The welcome, followed by {@code then} (e.g. the menu of procedures) in the same reply. */
    public void welcome(TenantId tenant, String lineUserId, String replyToken, Instant eventAt, String webhookEventId, List<Message> then) {
        send(tenant, lineUserId, replyToken, eventAt, "welcome:" + webhookEventId, welcomeMessages(tenant, then));
    }

    /**
     * Sends {@code messages} to {@code lineUserId} by push: "send these messages to this user with this retry key".
     *
     * @param sendKey names what is sent, the same on every attempt (e.g. {@code notice:<applicationId>:<n>});
     *                the retry key is derived from it, and a send key recorded before is not sent again
     */
    public void push(TenantId tenant, String lineUserId, String sendKey, List<Message> messages) {
        outbox.record(tenant, lineUserId, null, null, sendKey, messages);
    }

    /**
     * Sends {@code messages} in calls of at most five: the first by reply token while it is fresh (the event's
     * time plus {@code madoguchi.line.reply-token-ttl}), the rest, or all when the reply fails, by push.
     *
     * @param eventAt when LINE issued the reply token (the webhook event's timestamp); null means now
     * @param sendKey names what is sent, e.g. {@code turn:<conversationId>:<turn>}
     */
    public void send(TenantId tenant, String lineUserId, String replyToken, Instant eventAt, String sendKey, List<Message> messages) {
        Instant expires = replyToken == null ? null : (eventAt == null ? Instant.now() : eventAt).plus(props.replyTokenTtl());
        outbox.record(tenant, lineUserId, replyToken, expires, sendKey, messages);
    }

    /** As {@link #send(TenantId, String, String, Instant, String, List)} with a reply token issued now. */
    public void send(TenantId tenant, String lineUserId, String replyToken, String sendKey, List<Message> messages) {
        send(tenant, lineUserId, replyToken, null, sendKey, messages);
    }
}
