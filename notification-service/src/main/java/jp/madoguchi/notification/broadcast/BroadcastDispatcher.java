package jp.madoguchi.notification.broadcast;

import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.messaging.model.Message;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.notification.audience.ResidentIndex;
import jp.madoguchi.notification.audience.ResidentState;
import jp.madoguchi.notification.audience.TownIndex;
import jp.madoguchi.notification.broadcast.BroadcastMessages.RecordChunk;
import jp.madoguchi.notification.broadcast.BroadcastMessages.StartSending;
import jp.madoguchi.notification.broadcast.RecipientChunks.Chunk;
import jp.madoguchi.notification.broadcast.RecipientChunks.Recipient;
import jp.madoguchi.notification.broadcast.SendQueue.Due;
import jp.madoguchi.notification.channel.LineMulticast;
import jp.madoguchi.notification.channel.TownLines;
import jp.madoguchi.platform.messaging.ReactiveCommands;
import jp.madoguchi.platform.tenancy.TenantId;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends due broadcasts, one at a time per instance, on its own thread (it blocks on LINE and Mongo by design).
 * It takes a broadcast from the {@link SendQueue} under a lease, takes its audience from the resident index into
 * {@link RecipientChunks}, and multicasts chunk after chunk at no more than the channel's rate, each with its retry
 * key. After a crash the next taker sends the chunks not yet recorded; LINE answers a chunk sent before with 409,
 * which counts as delivered, so no resident gets a broadcast twice. A resident who unfollowed since the audience was
 * taken is skipped. Rate limits (429) and unreachable LINE are waited out; a refusal that will not pass (400, the
 * month's quota spent) fails the chunk, which staff see in the broadcast's figures.
 */
@Component
class BroadcastDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BroadcastDispatcher.class);
    private static final Duration NO_CHANNEL_RETRY = Duration.ofSeconds(30);
    private static final Duration FAILURE_RETRY = Duration.ofSeconds(10);

    /** What became of one chunk's recipients. */
    record Outcome(int delivered, int failed, int skipped) {
    }

    private final SendQueue queue;
    private final RecipientChunks chunks;
    private final BroadcastBoard board;
    private final ResidentIndex index;
    private final TownLines lines;
    private final ReactiveCommands commands;
    private final Clock clock;
    private final MeterRegistry meters;
    private final LineMulticast multicast;
    private final Duration tick;
    private final String owner = UUID.randomUUID().toString();
    private volatile ScheduledExecutorService executor;

    BroadcastDispatcher(SendQueue queue, RecipientChunks chunks, BroadcastBoard board, ResidentIndex index, TownLines lines,
                        ReactiveCommands commands, Clock broadcastClock, MeterRegistry meters, LineMulticast multicast,
                        @Value("${madoguchi.broadcast.tick:1s}") Duration tick) {
        this.queue = queue;
        this.chunks = chunks;
        this.board = board;
        this.index = index;
        this.lines = lines;
        this.commands = commands;
        this.clock = broadcastClock;
        this.meters = meters;
        this.multicast = multicast;
        this.tick = tick;
    }

    /** Works through everything due now; one broadcast's failure is logged and retried later, the others go on. */
    void sendDue() {
        for (Optional<Due> due = queue.take(clock.instant(), owner); due.isPresent(); due = queue.take(clock.instant(), owner)) {
            try {
                send(due.get());
            } catch (LineMulticast.Stopping e) {
                return;
            } catch (RuntimeException e) {
                log.warn("event=broadcast-send-failed tenant={} broadcast={} reason={}", due.get().tenantId(), due.get().broadcastId(), e.toString());
                queue.release(due.get().broadcastId(), clock.instant().plus(FAILURE_RETRY));
            }
        }
    }

    private void send(Due due) {
        TenantId tenant = TenantId.of(due.tenantId());
        String id = due.broadcastId();
        Document broadcast = board.find(tenant, id).block(Duration.ofSeconds(30));
        Optional<MessagingApiClient> client = lines.client(tenant).block(Duration.ofSeconds(30));
        if (broadcast == null || client == null || client.isEmpty()) {
            log.warn("event=broadcast-waiting tenant={} broadcast={} reason={}", tenant.code(), id, broadcast == null ? "not-on-board-yet" : "no-line-channel");
            queue.release(id, clock.instant().plus(NO_CHANNEL_RETRY));
            return;
        }
        TownIndex town = index.town(tenant);
        if (!due.sending() && !start(tenant, id, broadcast, town)) {
            return;
        }
        List<Message> messages = LineBroadcastMessages.of(broadcast.getString("title"), BroadcastViews.content(broadcast));
        for (Chunk chunk : chunks.pending(tenant, id)) {
            Outcome outcome = multicast(client.get(), tenant, id, chunk, messages, town);
            commands.send(tenant, new RecordChunk(id, chunk.number(), outcome.delivered(), outcome.failed(), outcome.skipped(), clock.instant()))
                    .block(Duration.ofSeconds(30));
            chunks.markDone(tenant, id, chunk.number());
            queue.renew(id, clock.instant());
            meters.counter("madoguchi_broadcast_recipients", "outcome", "delivered").increment(outcome.delivered());
            meters.counter("madoguchi_broadcast_recipients", "outcome", "failed").increment(outcome.failed());
            meters.counter("madoguchi_broadcast_recipients", "outcome", "skipped").increment(outcome.skipped());
        }
    }

    /** Takes the audience and marks the broadcast as sending; false when it may not be sent (cancelled meanwhile). */
    private boolean start(TenantId tenant, String id, Document broadcast, TownIndex town) {
        List<Recipient> audience = town.residents(town.evaluate(BroadcastViews.audience(broadcast))).stream()
                .filter(r -> "LINE".equals(r.channel()) && r.channelUserId() != null)
                .map(r -> new Recipient(r.residentId(), r.channelUserId()))
                .toList();
        List<Chunk> split = RecipientChunks.split(audience);
        chunks.replace(tenant, id, split);
        try {
            commands.send(tenant, new StartSending(id, audience.size(), split.size(), clock.instant())).block(Duration.ofSeconds(30));
            log.info("event=broadcast-sending tenant={} broadcast={} recipients={} chunks={}", tenant.code(), id, audience.size(), split.size());
            return true;
        } catch (BroadcastRefused e) {
            log.info("event=broadcast-not-sent tenant={} broadcast={} reason=no-longer-scheduled", tenant.code(), id);
            queue.remove(id);
            return false;
        }
    }

    private Outcome multicast(MessagingApiClient client, TenantId tenant, String id, Chunk chunk, List<Message> messages, TownIndex town) {
        List<String> to = chunk.recipients().stream()
                .filter(r -> town.resident(r.residentId()).map(ResidentState::following).orElse(false))
                .map(Recipient::lineUserId)
                .toList();
        LineMulticast.Result sent = multicast.send(tenant, client, to, messages, RecipientChunks.retryKey(id, chunk.number()),
                "broadcast " + id + " chunk " + chunk.number());
        return new Outcome(sent.delivered(), sent.failed(), chunk.recipients().size() - to.size());
    }

    @Override
    public void start() {
        ScheduledExecutorService e = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "broadcast-dispatcher");
            t.setDaemon(true);
            return t;
        });
        e.scheduleWithFixedDelay(() -> {
            try {
                sendDue();
            } catch (RuntimeException failure) {
                log.warn("event=broadcast-dispatch-failed reason={}", failure.toString());
            }
        }, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        executor = e;
    }

    @Override
    public void stop() {
        ScheduledExecutorService e = executor;
        executor = null;
        if (e != null) {
            e.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
