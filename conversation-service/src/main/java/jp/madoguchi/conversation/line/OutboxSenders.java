package jp.madoguchi.conversation.line;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.conversation.line.OutboxStore.DueUser;
import jp.madoguchi.conversation.line.OutboxStore.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The threads that send the outbox's rows: {@value #SENDERS} senders, one user's rows always on the same one so
 * they leave in order while users are sent in parallel (each LINE call waits for its answer). Rows are handed
 * over right after the commit that recorded them, and a sweep every second hands over whatever is still
 * pending (after a crash, a refused call or a back-off).
 */
@Component
class OutboxSenders implements SmartLifecycle {

    static final int SENDERS = 16;
    private static final Logger log = LoggerFactory.getLogger(OutboxSenders.class);

    private final OutboxStore store;
    private final LineSendPolicy policy;
    private volatile ScheduledExecutorService sweeper;
    private volatile ExecutorService[] senders;

    OutboxSenders(OutboxStore store, LineSendPolicy policy) {
        this.store = store;
        this.policy = policy;
    }

    /** Sends the user's rows {@code ids}, in order, on that user's sender; the caller carries on meanwhile. */
    void handOver(String tenant, String lineUserId, List<Long> ids) {
        onSenderOf(tenant, lineUserId, () -> drain(ids));
    }

    /** False when stopping: the rows stay pending and the sweep sends them after the restart. */
    private boolean onSenderOf(String tenant, String lineUserId, Runnable sending) {
        ExecutorService[] pool = this.senders;
        if (pool == null) {
            return false;
        }
        try {
            pool[Math.floorMod((tenant + ":" + lineUserId).hashCode(), pool.length)].execute(sending);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Sends the rows in order, stopping at the first that cannot go now (an earlier row is pending, or it waits for a retry). */
    void drain(List<Long> ids) {
        for (long id : ids) {
            try {
                Optional<Row> row = store.claim(id);
                if (row.isEmpty() || !policy.attempt(row.get())) {
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("event=line-outbox-drain-failed reason={}", e.getClass().getSimpleName());
                return;
            }
        }
    }

    /** Hands each user with a due row to that user's sender; answers how many users were handed over. */
    int sweep() {
        List<DueUser> due = store.dueUsers(500);
        for (DueUser user : due) {
            if (!onSenderOf(user.tenant(), user.lineUserId(), () -> drain(store.pendingOf(user, 50)))) {
                break;
            }
        }
        return due.size();
    }

    @Override
    public void start() {
        ExecutorService[] pool = new ExecutorService[SENDERS];
        for (int i = 0; i < SENDERS; i++) {
            pool[i] = Executors.newSingleThreadExecutor(daemon("line-outbox-send-" + i));
        }
        senders = pool;
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(daemon("line-outbox-sweep"));
        executor.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("event=line-outbox-sweep-failed reason={}", e.getClass().getSimpleName());
            }
        }, 1, 1, TimeUnit.SECONDS);
        sweeper = executor;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = sweeper;
        sweeper = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        ExecutorService[] pool = senders;
        senders = null;
        if (pool != null) {
            for (ExecutorService sender : pool) {
                sender.shutdownNow();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return sweeper != null;
    }
}
