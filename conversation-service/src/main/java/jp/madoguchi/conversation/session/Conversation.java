package jp.madoguchi.conversation.session;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import jp.madoguchi.conversation.engine.ConversationEngine;
import jp.madoguchi.conversation.engine.ConversationState;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.conversation.engine.ResidentInput;
import jp.madoguchi.conversation.engine.ResidentReservations;
import jp.madoguchi.conversation.engine.Turn;
import jp.madoguchi.conversation.session.ConversationMessages.AbandonReason;
import jp.madoguchi.conversation.session.ConversationMessages.AnswerAccepted;
import jp.madoguchi.conversation.session.ConversationMessages.ConversationAbandoned;
import jp.madoguchi.conversation.session.ConversationMessages.ConversationCompleted;
import jp.madoguchi.conversation.session.ConversationMessages.ConversationStarted;
import jp.madoguchi.conversation.session.ConversationMessages.HandleInput;
import jp.madoguchi.conversation.session.ConversationMessages.InputRejected;
import jp.madoguchi.conversation.session.ConversationMessages.ReplacementDeclined;
import jp.madoguchi.conversation.session.ConversationMessages.ReplacementOffered;
import jp.madoguchi.conversation.session.ConversationMessages.StartConversation;
import jp.madoguchi.conversation.session.ConversationMessages.TurnResult;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.tenancy.TenantId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One resident's conversations with one town, one at a time. The {@link ConversationEngine} decides
 * every turn (it is pure: the flow, the state and the input in, the next state and replies out); this
 * aggregate records the outcome as events and keeps the state, pinned to the flow version it began on.
 * Flows come from an injected {@link FlowSource} only when an input must be run against the pinned version.
 */
@Aggregate(cache = SessionConfiguration.CONVERSATION_CACHE)
public class Conversation {

    static final String REPLACE_QUESTION = "いまの手続き『%s』をやめて、新しい手続きを始めますか？";
    static final String CONTINUING = "『%s』を続けます。";
    public static final String FLOW_UNAVAILABLE = "申し訳ありません。この手続きはいま受け付けていません。メニューから選び直してください。";

    @AggregateIdentifier
    private String sessionId;
    private String residentId;
    private String channel;
    private String channelUserId;
    private int runs;
    private int turn;
    private String conversationId;
    private String title;
    private ConversationState state;
    private boolean active;
    private ReplacementOffered offer;

    protected Conversation() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public TurnResult handle(StartConversation command, ConversationEngine plain, ResidentReservations desks) {
        ConversationEngine engine = plain.serving(desks.of(command.sessionId().substring(0, command.sessionId().indexOf(':')),
                command.residentId(), command.channel(), command.channelUserId()));
        if (active && state.status() == ConversationState.Status.EXPIRED) {
            // left long ago: no need to ask before replacing it
            abandon(AbandonReason.EXPIRED, command.at());
        } else if (active) {
            FlowDefinition flow = command.flow();
            apply(new ReplacementOffered(sessionId, conversationId, flow.procedureId(), flow.version(), flow.title(), turn + 1, command.at()));
            return result(List.of(new Reply.Ask(String.format(REPLACE_QUESTION, title), List.of(
                    new Reply.QuickOption("はい", ConversationMessages.REPLACE_YES),
                    new Reply.QuickOption("いいえ", ConversationMessages.REPLACE_NO)))));
        }
        return start(command.sessionId(), command.residentId(), command.channel(), command.channelUserId(), command.flow(), engine,
                command.at());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public TurnResult handle(HandleInput command, ConversationEngine plain, FlowSource flows, ResidentReservations desks) {
        if (sessionId == null) {
            // callers ask ConversationSessions first; should one not, the new session still needs its identifier
            sessionId = command.sessionId();
            return TurnResult.none();
        }
        ConversationEngine engine = plain.serving(desks.of(tenant().code(), residentId, channel, channelUserId));
        if (offer != null) {
            Boolean replace = replaceAnswer(command.input());
            ReplacementOffered pending = offer;
            if (Boolean.TRUE.equals(replace)) {
                var next = flows.flow(tenant(), pending.procedureId(), pending.procedureVersion());
                if (next.isEmpty()) {
                    apply(new ReplacementDeclined(sessionId, conversationId, turn + 1, command.at()));
                    return result(List.of(new Reply.Say(FLOW_UNAVAILABLE)));
                }
                abandon(AbandonReason.REPLACED, command.at());
                return start(sessionId, residentId, channel, channelUserId, next.get(), engine, command.at());
            }
            apply(new ReplacementDeclined(sessionId, conversationId, turn + 1, command.at()));
            if (Boolean.FALSE.equals(replace)) {
                return result(List.of(new Reply.Say(String.format(CONTINUING, title))));
            }
            // anything else answers the current question
        }
        if (!active) {
            return TurnResult.none();
        }
        var pinned = flows.flow(tenant(), state.procedureId(), state.version());
        if (pinned.isEmpty()) {
            // the flow it began on is no longer available (e.g. the town's data was removed): end it politely
            abandon(AbandonReason.FLOW_UNAVAILABLE, command.at());
            return new TurnResult(conversationId, turn, List.of(new Reply.Say(FLOW_UNAVAILABLE)), true, Turn.Outcome.CANCELLED);
        }
        FlowDefinition flow = pinned.get();
        Turn next = engine.handle(flow, state, command.input(), command.at());
        StoredState stored = StoredState.of(next.state());
        switch (next.outcome()) {
            case COMPLETED:
                apply(new ConversationCompleted(sessionId, conversationId, residentId, channel, channelUserId, state.procedureId(),
                        state.version(), stored.wireAnswers(), stored.attachments(), stored, turn + 1, command.at()));
                break;
            case CANCELLED:
                abandon(AbandonReason.CANCELLED, command.at());
                break;
            case INVALID:
                apply(new InputRejected(sessionId, conversationId, stored, turn + 1, command.at()));
                break;
            default:
                apply(new AnswerAccepted(sessionId, conversationId, stored, turn + 1, command.at()));
        }
        return new TurnResult(conversationId, turn, new ArrayList<>(next.replies()), true, next.outcome());
    }

    private TurnResult start(String session, String resident, String onChannel, String userId, FlowDefinition flow,
                             ConversationEngine engine, java.time.Instant at) {
        Turn first = engine.start(flow, at);
        apply(new ConversationStarted(session, session + ":" + (runs + 1), resident, onChannel, userId, flow.procedureId(),
                flow.version(), flow.title(), StoredState.of(first.state()), turn + 1, at));
        return result(first.replies());
    }

    private void abandon(AbandonReason reason, java.time.Instant at) {
        apply(new ConversationAbandoned(sessionId, conversationId, residentId, state.procedureId(), state.version(), reason, turn + 1, at));
    }

    private TurnResult result(List<Reply> replies) {
        return new TurnResult(conversationId, turn, new ArrayList<>(replies), true);
    }

    private TenantId tenant() {
        return TenantId.of(sessionId.substring(0, sessionId.indexOf(':')));
    }

    /** True to switch, false to keep the current procedure, null when the input answers something else. */
    private static Boolean replaceAnswer(ResidentInput input) {
        if (input instanceof ResidentInput.Choice choice) {
            return ConversationMessages.REPLACE_YES.equals(choice.value()) ? Boolean.TRUE
                    : ConversationMessages.REPLACE_NO.equals(choice.value()) ? Boolean.FALSE : null;
        }
        if (input instanceof ResidentInput.Text text) {
            String word = Normalizer.normalize(text.text(), Normalizer.Form.NFKC).strip().replace("。", "");
            return "はい".equals(word) ? Boolean.TRUE : "いいえ".equals(word) ? Boolean.FALSE : null;
        }
        return null;
    }

    @EventSourcingHandler
    void on(ConversationStarted event) {
        sessionId = event.sessionId();
        residentId = event.residentId();
        channel = event.channel();
        channelUserId = event.channelUserId();
        conversationId = event.conversationId();
        title = event.title();
        state = event.state().toState();
        active = true;
        offer = null;
        runs++;
        turn = event.turn();
    }

    @EventSourcingHandler
    void on(AnswerAccepted event) {
        state = event.state().toState();
        turn = event.turn();
    }

    @EventSourcingHandler
    void on(InputRejected event) {
        state = event.state().toState();
        turn = event.turn();
    }

    @EventSourcingHandler
    void on(ConversationCompleted event) {
        state = event.state().toState();
        active = false;
        turn = event.turn();
    }

    @EventSourcingHandler
    void on(ConversationAbandoned event) {
        active = false;
        offer = null;
        turn = event.turn();
    }

    @EventSourcingHandler
    void on(ReplacementOffered event) {
        offer = event;
        turn = event.turn();
    }

    @EventSourcingHandler
    void on(ReplacementDeclined event) {
        offer = null;
        turn = event.turn();
    }
}
