package jp.madoguchi.conversation.notice;

import java.util.List;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.platform.tenancy.TenantId;

/**
 * A channel that can reach a resident unasked (LINE can push; the web chat cannot, its notices wait in the
 * {@link ResidentInbox}). Notices talk to this port; the channel packages implement it.
 */
public interface ResidentPush {

    /** The channel it serves, as applications name it (e.g. LINE). */
    String channel();

    /**
     * Sends {@code replies} to the resident, once per {@code sendKey}: the same key is never delivered twice
     * however often this is called.
     */
    void push(TenantId tenant, String channelUserId, String sendKey, List<Reply> replies);
}
