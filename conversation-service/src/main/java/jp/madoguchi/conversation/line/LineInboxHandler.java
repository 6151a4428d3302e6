package jp.madoguchi.conversation.line;

import java.util.List;
import jp.madoguchi.conversation.counter.Answer;
import jp.madoguchi.conversation.counter.Caller;
import jp.madoguchi.conversation.counter.ResidentCounter;
import jp.madoguchi.conversation.counter.Said;
import jp.madoguchi.conversation.line.LineEventReader.Inbound;
import jp.madoguchi.conversation.session.SessionConfiguration;
import org.axonframework.common.caching.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Handles LINE events each {@code webhookEventId} once: the id is recorded in the same PostgreSQL transaction as
 * the events it causes in the event store and the sends it records (line_outbox), so a redelivery — by LINE, by
 * Kafka after a crash, or an operator's replay — finds it there and changes nothing. The sends go out after the commit.
 */
@Component
class LineInboxHandler {

    private static final Logger log = LoggerFactory.getLogger(LineInboxHandler.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final LineEventReader reader;
    private final ResidentCounter counter;
    private final LineAnswers answers;
    private final TransactionSynchronization evictCachedConversationsOnRollback;

    LineInboxHandler(JdbcTemplate jdbc, TransactionTemplate transaction, LineEventReader reader, ResidentCounter counter, LineAnswers answers,
                     @Qualifier(SessionConfiguration.CONVERSATION_CACHE) Cache conversationCache) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.reader = reader;
        this.counter = counter;
        this.answers = answers;
        this.evictCachedConversationsOnRollback = new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    // Axon cached the conversations when their commands committed inside this transaction: forget them
                    conversationCache.removeAll();
                }
            }
        };
    }

    /** Handles {@code events} in one transaction. */
    void handle(List<Inbound> events) {
        int duplicates = transaction.execute(tx -> {
            TransactionSynchronizationManager.registerSynchronization(evictCachedConversationsOnRollback);
            int seen = 0;
            for (Inbound in : events) {
                if (!firstTime(in)) {
                    log.info("event=line-webhook-duplicate tenant={} type={}", in.tenant(), in.eventType());
                    seen++;
                    continue;
                }
                // group and room events do not come from a resident: recorded as seen, not answered
                reader.caller(in).ifPresent(caller -> reader.said(in).ifPresent(said -> answer(in, caller, said)));
            }
            return seen;
        });
        log.debug("event=line-webhook-handled events={} duplicates={}", events.size() - duplicates, duplicates);
    }

    /**
     * For an event set aside after it failed: its one apology, recorded under the event's id so it is sent once
     * however often this runs. The event is not marked as seen, so a replay after a fix still handles it.
     */
    void apologise(Inbound in) {
        in.lineUserId().ifPresent(user -> transaction.executeWithoutResult(tx -> answers.apologise(in, user)));
    }

    private boolean firstTime(Inbound in) {
        return jdbc.update("INSERT INTO line_webhook_event (tenant_id, webhook_event_id, event_type) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                in.tenant().code(), in.event().webhookEventId(), in.eventType()) == 1;
    }

    private void answer(Inbound in, Caller caller, Said said) {
        Answer answer = counter.hear(caller, said, in.at());
        answers.record(in, caller.channelUserId(), answer);
    }
}
