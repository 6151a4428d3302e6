package jp.madoguchi.conversation.line;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.linecorp.bot.messaging.model.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Recorded sends to LINE users. {@link #record} writes the send ({@link OutboxStore}) in the caller's
 * transaction, so it commits with the commands that caused it or not at all; right after the commit the rows
 * are handed to the {@link OutboxSenders}, which send each once as {@link LineSendPolicy} decides (reply
 * while the token is fresh, else push with a retry key).
 */
@Component
class LineOutbox {

    private static final String RECORDED = LineOutbox.class.getName() + ".recorded";

    private final OutboxStore store;
    private final OutboxSenders senders;

    LineOutbox(OutboxStore store, OutboxSenders senders) {
        this.store = store;
        this.senders = senders;
    }

    /** The retry key of a send: a UUID (v3) of the town and the send key, the same every time the same thing is sent. */
    public static UUID retryKey(TenantId tenant, String sendKey) {
        return UUID.nameUUIDFromBytes((tenant.code() + ":" + sendKey).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Records {@code messages} for {@code lineUserId}, split into calls of at most five messages (the first
     * may use {@code replyToken}), in the current transaction if there is one; they are sent after it commits
     * (or at once without a transaction). Recording the same {@code sendKey} again changes nothing.
     *
     * @return the ids of the rows recorded now (empty if the send was recorded before)
     */
    List<Long> record(TenantId tenant, String lineUserId, String replyToken, Instant replyTokenExpiresAt, String sendKey,
                      List<Message> messages) {
        List<List<Message>> batches = LineMessages.batches(messages);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            String key = i == 0 ? sendKey : sendKey + ":" + i;
            boolean reply = i == 0 && replyToken != null;
            store.insert(tenant, lineUserId, key, retryKey(tenant, key), json(batches.get(i)), reply ? replyToken : null,
                    reply ? replyTokenExpiresAt : null).ifPresent(ids::add);
        }
        if (ids.isEmpty()) {
            return ids;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            recordedInThisTransaction().computeIfAbsent(new Recipient(tenant.code(), lineUserId), k -> new ArrayList<>()).addAll(ids);
        } else {
            senders.handOver(tenant.code(), lineUserId, ids);
        }
        return ids;
    }

    private record Recipient(String tenant, String lineUserId) {
    }

    /** The rows recorded in the current transaction, by user; once it commits, each user's rows go to that user's sender. */
    @SuppressWarnings("unchecked")
    private Map<Recipient, List<Long>> recordedInThisTransaction() {
        Object bound = TransactionSynchronizationManager.getResource(RECORDED);
        if (bound != null) {
            return (Map<Recipient, List<Long>>) bound;
        }
        Map<Recipient, List<Long>> byUser = new LinkedHashMap<>();
        TransactionSynchronizationManager.bindResource(RECORDED, byUser);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                byUser.forEach((user, ids) -> senders.handOver(user.tenant(), user.lineUserId(), ids));
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(RECORDED);
            }
        });
        return byUser;
    }

    private static String json(List<Message> messages) {
        try {
            return LineSendPolicy.LINE_JSON.writerFor(LineSendPolicy.MESSAGES).writeValueAsString(messages);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("LINE messages cannot be written as JSON", e);
        }
    }
}
