package jp.madoguchi.notification.broadcast;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import jp.madoguchi.notification.broadcast.BroadcastMessages.ApproveBroadcast;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastApproved;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastCancelled;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastChunkSent;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastCompleted;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastDrafted;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastScheduled;
import jp.madoguchi.notification.broadcast.BroadcastMessages.BroadcastSendingStarted;
import jp.madoguchi.notification.broadcast.BroadcastMessages.CancelBroadcast;
import jp.madoguchi.notification.broadcast.BroadcastMessages.DraftBroadcast;
import jp.madoguchi.notification.broadcast.BroadcastMessages.RecordChunk;
import jp.madoguchi.notification.broadcast.BroadcastMessages.ScheduleBroadcast;
import jp.madoguchi.notification.broadcast.BroadcastMessages.StartSending;
import jp.madoguchi.notification.broadcast.BroadcastMessages.Status;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One notice from a town: drafted, approved by a second staff member when the town asks for that, scheduled (or sent
 * now), cancelled up to the moment sending starts. Sending itself is done by {@link BroadcastDispatcher}, which
 * reports each chunk here; the aggregate counts every chunk once, so a chunk reported again after a restart changes nothing.
 */
@Aggregate
class Broadcast {

    @AggregateIdentifier
    private String broadcastId;
    private Status status;
    private String title;
    private String audienceName;
    private String author;
    private boolean approvalRequired;
    private boolean approved;
    private int recipients;
    private int chunks;
    private final Set<Integer> recorded = new HashSet<>();
    private int delivered;
    private int failed;
    private int skipped;

    protected Broadcast() {
        // for Axon
    }

    @CommandHandler
    Broadcast(DraftBroadcast command) {
        if (!command.content().problems().isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", command.content().problems()));
        }
        apply(new BroadcastDrafted(command.broadcastId(), command.tenantId(), command.title(), command.content(), command.audience(),
                command.approvalRequired(), command.by(), command.at()));
    }

    @CommandHandler
    void handle(ApproveBroadcast command) {
        if (status != Status.DRAFT) {
            throw new BroadcastRefused("下書きのお知らせだけを承認できます（いまの状態: " + status + "）。");
        }
        if (command.by().equals(author)) {
            throw new BroadcastRefused("作成した本人は承認できません。別の職員に承認を依頼してください。");
        }
        if (!approved) {
            apply(new BroadcastApproved(broadcastId, command.by(), command.at()));
        }
    }

    @CommandHandler
    void handle(ScheduleBroadcast command) {
        if (status != Status.DRAFT && status != Status.SCHEDULED) {
            throw new BroadcastRefused("送信を始めたお知らせ・取り消したお知らせは予約できません（いまの状態: " + status + "）。");
        }
        if (approvalRequired && !approved) {
            throw new BroadcastRefused("このお知らせは承認が必要です。別の職員が承認してから送信してください。");
        }
        Instant sendAt = command.sendAt() == null || command.sendAt().isBefore(command.at()) ? command.at() : command.sendAt();
        apply(new BroadcastScheduled(broadcastId, sendAt, command.by(), command.at()));
    }

    @CommandHandler
    void handle(CancelBroadcast command) {
        if (status == Status.CANCELLED) {
            return;
        }
        if (status != Status.DRAFT && status != Status.SCHEDULED) {
            throw new BroadcastRefused("送信が始まったお知らせは取り消せません。");
        }
        apply(new BroadcastCancelled(broadcastId, command.by(), command.at()));
    }

    @CommandHandler
    boolean handle(StartSending command) {
        if (status == Status.SENDING || status == Status.SENT) {
            return false;
        }
        if (status != Status.SCHEDULED) {
            throw new BroadcastRefused("予約されていないお知らせは送信できません（いまの状態: " + status + "）。");
        }
        apply(new BroadcastSendingStarted(broadcastId, command.recipients(), command.chunks(), command.at()));
        if (command.chunks() == 0) {
            apply(completed(command.at()));
        }
        return true;
    }

    @CommandHandler
    void handle(RecordChunk command) {
        if (status != Status.SENDING || recorded.contains(command.chunk())) {
            return;
        }
        if (command.chunk() < 0 || command.chunk() >= chunks) {
            throw new IllegalArgumentException("chunk " + command.chunk() + " of " + chunks);
        }
        apply(new BroadcastChunkSent(broadcastId, command.chunk(), command.delivered(), command.failed(), command.skipped(), command.at()));
        if (recorded.size() == chunks) {
            apply(completed(command.at()));
        }
    }

    private BroadcastCompleted completed(Instant at) {
        return new BroadcastCompleted(broadcastId, title, audienceName, recipients, delivered, failed, skipped, at);
    }

    @EventSourcingHandler
    void on(BroadcastDrafted e) {
        broadcastId = e.broadcastId();
        status = Status.DRAFT;
        title = e.title();
        audienceName = e.audience().name();
        author = e.by();
        approvalRequired = e.approvalRequired();
    }

    @EventSourcingHandler
    void on(BroadcastApproved e) {
        approved = true;
    }

    @EventSourcingHandler
    void on(BroadcastScheduled e) {
        status = Status.SCHEDULED;
    }

    @EventSourcingHandler
    void on(BroadcastCancelled e) {
        status = Status.CANCELLED;
    }

    @EventSourcingHandler
    void on(BroadcastSendingStarted e) {
        status = Status.SENDING;
        recipients = e.recipients();
        chunks = e.chunks();
    }

    @EventSourcingHandler
    void on(BroadcastChunkSent e) {
        recorded.add(e.chunk());
        delivered += e.delivered();
        failed += e.failed();
        skipped += e.skipped();
    }

    @EventSourcingHandler
    void on(BroadcastCompleted e) {
        status = Status.SENT;
    }
}
