package jp.madoguchi.conversation.line;

import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.PushMessageRequest;
import com.linecorp.bot.messaging.model.ReplyMessageRequest;
import com.linecorp.bot.messaging.model.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.platform.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends to residents: by reply token while it is fresh, else by push with an
 * {@code X-Line-Retry-Key} derived from what is sent, so LINE never delivers it twice.
 */
@Component
public class LineReplies {

    private static final Logger log = LoggerFactory.getLogger(LineReplies.class);

    private final LineChannels channels;

    public LineReplies(LineChannels channels) {
        this.channels = channels;
    }

    /** The welcome, followed by {@code then} (e.g. the menu of procedures) in the same reply. */
    public void welcome(TenantId tenant, String lineUserId, String replyToken, String webhookEventId, List<Message> then) {
        String town = channels.channel(tenant).map(jp.madoguchi.conversation.channel.TownChannel::townName).orElse("町");
        List<Message> messages = new ArrayList<>();
        messages.add(new TextMessage(
                "友だち追加、ありがとうございます。\n" + town + "の公式アカウントです。\n"
                        + "手続きやお知らせは、下のメニューから選んでください。"));
        messages.addAll(then);
        send(tenant, lineUserId, replyToken, "welcome:" + webhookEventId, messages);
    }

    /**
     * Sends {@code messages} in calls of at most five: the first by reply token, the rest (or all, when
     * the reply fails) by push, each with a retry key derived from {@code sendKey} and its position, so a
     * second attempt at the same send is refused by LINE instead of delivered twice.
     *
     * @param sendKey names what is sent, e.g. {@code turn:<conversationId>:<turn>}
     */
    public void send(TenantId tenant, String lineUserId, String replyToken, String sendKey, List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        MessagingApiClient client = channels.client(tenant).orElseThrow();
        List<List<Message>> batches = LineMessages.batches(messages);
        int first = 0;
        if (replyToken != null) {
            try {
                client.replyMessage(new ReplyMessageRequest(replyToken, batches.get(0), false)).get(10, TimeUnit.SECONDS);
                log.info("event=line-sent tenant={} via=reply messages={}", tenant, batches.get(0).size());
                first = 1;
            } catch (Exception e) {
                log.info("event=line-reply-failed tenant={} fallback=push reason={}", tenant, e.getClass().getSimpleName());
            }
        }
        for (int i = first; i < batches.size(); i++) {
            String key = i == 0 ? sendKey : sendKey + ":" + i;
            UUID retryKey = UUID.nameUUIDFromBytes((tenant.code() + ":" + key).getBytes(StandardCharsets.UTF_8));
            try {
                client.pushMessage(retryKey, new PushMessageRequest(lineUserId, batches.get(i), false, null)).get(10, TimeUnit.SECONDS);
                log.info("event=line-sent tenant={} via=push messages={}", tenant, batches.get(i).size());
            } catch (Exception e) {
                // A 409 means LINE already accepted this exact send: it was delivered once.
                log.warn("event=line-push-failed tenant={} reason={}", tenant, e.getClass().getSimpleName());
            }
        }
    }
}
