package jp.madoguchi.procedure.application;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import jp.madoguchi.platform.tenancy.TenantId;

/**
 * An application's id is a name-based UUID of its town and conversation: a conversation delivered
 * twice names the same application, and the event store refuses to create it a second time.
 */
final class ApplicationIds {

    private ApplicationIds() {
    }

    public static String fromConversation(TenantId tenant, String conversationId) {
        return UUID.nameUUIDFromBytes(("madoguchi:application:" + tenant.code() + ":" + conversationId)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
