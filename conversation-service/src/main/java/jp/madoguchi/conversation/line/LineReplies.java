package jp.madoguchi.conversation.line;

import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.messaging.model.PushMessageRequest;
import com.linecorp.bot.messaging.model.ReplyMessageRequest;
import com.linecorp.bot.messaging.model.TextMessage;
import java.nio.charset.StandardCharsets;
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

    public void welcome(TenantId tenant, String lineUserId, String replyToken, String webhookEventId) {
        String town = channels.channel(tenant).map(jp.madoguchi.conversation.channel.TownChannel::townName).orElse("町");
        List<Message> messages = List.of(new TextMessage(
                "友だち追加、ありがとうございます。\n" + town + "の公式アカウントです。\n"
                        + "手続きやお知らせは、下のメニューから選んでください。"));
        send(tenant, lineUserId, replyToken, "welcome:" + webhookEventId, messages);
    }

    private void send(TenantId tenant, String lineUserId, String replyToken, String sendKey, List<Message> messages) {
        MessagingApiClient client = channels.client(tenant).orElseThrow();
        if (replyToken != null) {
            try {
                client.replyMessage(new ReplyMessageRequest(replyToken, messages, false)).get(10, TimeUnit.SECONDS);
                log.info("event=line-sent tenant={} via=reply messages={}", tenant, messages.size());
                return;
            } catch (Exception e) {
                log.info("event=line-reply-failed tenant={} fallback=push reason={}", tenant, e.getClass().getSimpleName());
            }
        }
        UUID retryKey = UUID.nameUUIDFromBytes((tenant.code() + ":" + sendKey).getBytes(StandardCharsets.UTF_8));
        try {
            client.pushMessage(retryKey, new PushMessageRequest(lineUserId, messages, false, null)).get(10, TimeUnit.SECONDS);
            log.info("event=line-sent tenant={} via=push messages={}", tenant, messages.size());
        } catch (Exception e) {
            // A 409 means LINE already accepted this exact send: it was delivered once.
            log.warn("event=line-push-failed tenant={} reason={}", tenant, e.getClass().getSimpleName());
        }
    }
}
