package jp.madoguchi.conversation.line;

import java.util.List;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.conversation.notice.ResidentPush;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.stereotype.Component;

/** Notices to LINE residents: recorded sends, pushed with a retry key derived from the send key. */
@Component
class LineResidentPush implements ResidentPush {

    private final LineReplies replies;

    LineResidentPush(LineReplies replies) {
        this.replies = replies;
    }

    @Override
    public String channel() {
        return LineEventReader.CHANNEL;
    }

    @Override
    public void push(TenantId tenant, String channelUserId, String sendKey, List<Reply> messages) {
        replies.send(tenant, channelUserId, null, sendKey, LineMessages.render(messages));
    }
}
