package jp.madoguchi.conversation.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.conversation.engine.ResidentInput;
import jp.madoguchi.conversation.engine.Turn;
import jp.madoguchi.platform.flow.FlowDefinition;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands to and events of a resident's {@link Conversation} session (id {@code <tenantId>:<residentId>}:
 * one active conversation per resident per town). Each conversation run within the session has its
 * own {@code conversationId} ({@code <sessionId>:<n>}), so two applications by the same resident
 * never share an id.
 */
public final class ConversationMessages {

    private ConversationMessages() {
    }

    /** Why a conversation ended without an application. */
    public enum AbandonReason { CANCELLED, EXPIRED, REPLACED, FLOW_UNAVAILABLE }

    /** Postback data of the answers to 「いまの手続きをやめて、新しい手続きを始めますか？」. */
    public static final String REPLACE_YES = "replace:yes";
    public static final String REPLACE_NO = "replace:no";

    public static String sessionId(String tenantId, String residentId) {
        return tenantId + ":" + residentId;
    }

    // --- commands -------------------------------------------------------------------------------

    /** Begin {@code flow} (the version the caller looked up as latest) for a resident; {@code at} is when they asked. */
    public record StartConversation(@TargetAggregateIdentifier String sessionId, String residentId, String channel,
                                    String channelUserId, FlowDefinition flow, Instant at) {
    }

    /** One thing the resident sent; {@code at} is when they sent it (the channel's timestamp). */
    public record HandleInput(@TargetAggregateIdentifier String sessionId, String residentId, String channel,
                              String channelUserId, ResidentInput input, Instant at) {
    }

    /**
     * What a command answers: the replies to show now. {@code turn} counts the session's turns, so
     * {@code (conversationId, turn)} names this send for a retry key.
     *
     * @param inConversation false when there was no conversation to give the input to (show the menu)
     * @param outcome        how the engine took the input (INVALID: the first reply says why; COMPLETED / CANCELLED: it ended);
     *                       CONTINUE for starts, switch offers and answers to them
     */
    public record TurnResult(String conversationId, int turn, List<Reply> replies, boolean inConversation, Turn.Outcome outcome) {
        public TurnResult {
            replies = List.copyOf(replies);
        }

        public TurnResult(String conversationId, int turn, List<Reply> replies, boolean inConversation) {
            this(conversationId, turn, replies, inConversation, Turn.Outcome.CONTINUE);
        }

        static TurnResult none() {
            return new TurnResult(null, 0, List.of(), false);
        }
    }

    // --- events ---------------------------------------------------------------------------------

    public record ConversationStarted(String sessionId, String conversationId, String residentId, String channel, String channelUserId,
                                      String procedureId, int procedureVersion, String title, StoredState state, int turn, Instant at) {
    }

    /** The input moved the conversation on (an answer, 戻る, 修正する, a resumed pause): {@code state} is the new one. */
    public record AnswerAccepted(String sessionId, String conversationId, StoredState state, int turn, Instant at) {
    }

    /** The input was not accepted; the resident was told why and asked again. */
    public record InputRejected(String sessionId, String conversationId, StoredState state, int turn, Instant at) {
    }

    public record ConversationCompleted(String sessionId, String conversationId, String residentId, String channel, String channelUserId,
                                        String procedureId, int procedureVersion, Map<String, String> answers, List<String> attachments,
                                        StoredState state, int turn, Instant at) {
    }

    /** {@code stepId}: the step the resident was on (absent in events stored before it was added). */
    public record ConversationAbandoned(String sessionId, String conversationId, String residentId, String procedureId,
                                        int procedureVersion, AbandonReason reason, int turn, Instant at, String stepId) {
    }

    /** The resident asked for another procedure while one was under way: they were asked whether to switch. */
    public record ReplacementOffered(String sessionId, String conversationId, String procedureId, int procedureVersion, String title,
                                     int turn, Instant at) {
    }

    /** The resident chose to keep the current procedure (or simply answered it). */
    public record ReplacementDeclined(String sessionId, String conversationId, int turn, Instant at) {
    }
}
