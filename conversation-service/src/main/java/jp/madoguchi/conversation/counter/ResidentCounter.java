package jp.madoguchi.conversation.counter;

import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.conversation.engine.ResidentInput;
import jp.madoguchi.conversation.notice.ApplicationStatusQuery;
import jp.madoguchi.conversation.procedure.PublishedProcedures;
import jp.madoguchi.conversation.reservation.ResidentBookings;
import jp.madoguchi.conversation.resident.ResidentAttributes;
import jp.madoguchi.conversation.resident.ResidentMessages.ConsentResidentAttribute;
import jp.madoguchi.conversation.resident.ResidentMessages.DescribeResidentAttributes;
import jp.madoguchi.conversation.resident.ResidentMessages.FollowResident;
import jp.madoguchi.conversation.resident.ResidentMessages.UnfollowResident;
import jp.madoguchi.conversation.resident.ResidentMessages.WithdrawResidentAttribute;
import jp.madoguchi.conversation.resident.ResidentProfiles;
import jp.madoguchi.conversation.session.Conversation;
import jp.madoguchi.conversation.session.ConversationMessages;
import jp.madoguchi.conversation.session.ConversationMessages.HandleInput;
import jp.madoguchi.conversation.session.ConversationMessages.StartConversation;
import jp.madoguchi.conversation.session.ConversationMessages.TurnResult;
import jp.madoguchi.conversation.session.ConversationSessions;
import jp.madoguchi.conversation.shelter.DisasterMode;
import jp.madoguchi.conversation.shelter.Shelters;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.tenancy.TenantContext;
import jp.madoguchi.platform.tenancy.TenantId;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * The counter (窓口) every channel shares: what a resident's input means — the menu, starting a procedure,
 * an answer to the question under way, 登録情報, 「申請の状況」, 「予約の確認」 — is decided here once, and the answer is
 * channel-neutral. Anything at all gets an answer: input with no conversation under way gets the menu.
 * Changes go through the aggregates, in the caller's transaction when there is one.
 */
@Component
public class ResidentCounter {

    /** Typed words (after NFKC, without spaces) that show the town's procedures. */
    static final Set<String> MENU_WORDS = Set.of("メニュー", "手続き", "てつづき");
    /** Postback data of a 「メニュー」 button. */
    public static final String MENU = "menu";
    /** Postback data that starts a procedure: {@code start:<procedureId>}. */
    public static final String START_PREFIX = "start:";
    public static final String MENU_PROMPT = "どの手続きをしますか？下から選んでください。";
    static final String DISASTER_PROMPT = "いま 災害の おそれが あります。避難所を さがすときは「" + Shelters.LABEL + "」を 押してください。";
    public static final String NO_CONVERSATION_PROMPT = "手続きを始めるときは、下から選んでください。";
    static final String UNREADABLE = "ありがとうございます。スタンプや動画などは受け付けていません。"
            + "手続きやお知らせは、メニューから選んでください。";

    private final CommandGateway commands;
    private final ConversationSessions sessions;
    private final PublishedProcedures procedures;
    private final ResidentProfiles profiles;
    private final ApplicationStatusQuery status;
    private final ResidentBookings bookings;
    private final Shelters shelters;
    private final DisasterMode disasterMode;

    ResidentCounter(CommandGateway commands, ConversationSessions sessions, PublishedProcedures procedures, ResidentProfiles profiles,
                    ApplicationStatusQuery status, ResidentBookings bookings, Shelters shelters,
                    DisasterMode disasterMode) {
        this.commands = commands;
        this.sessions = sessions;
        this.procedures = procedures;
        this.profiles = profiles;
        this.status = status;
        this.bookings = bookings;
        this.shelters = shelters;
        this.disasterMode = disasterMode;
    }

    /** The answer to what {@code caller} did at {@code at}. */
    public Answer hear(Caller caller, Said said, Instant at) {
        if (said instanceof Said.Followed) {
            send(caller.tenant(), new FollowResident(caller.residentId(), caller.channel(), caller.channelUserId(), at));
            return new Answer.Welcome();
        }
        if (said instanceof Said.Unfollowed) {
            send(caller.tenant(), new UnfollowResident(caller.residentId(), caller.channel(), caller.channelUserId(), at));
            return new Answer.Silence();
        }
        if (said instanceof Said.Typed typed) {
            String word = normalise(typed.text());
            if (MENU_WORDS.contains(word)) {
                return new Answer.Menu(MENU_PROMPT);
            }
            if (AttributeMenu.WORDS.contains(word)) {
                return attributes(caller, AttributeMenu.PREFIX, at);
            }
            if (ApplicationStatusQuery.asks(typed.text())) {
                return status(caller);
            }
            if (ResidentBookings.asks(typed.text())) {
                return bookings(caller, ResidentBookings.POSTBACK);
            }
            if (Shelters.asks(typed.text())) {
                return shelters(caller, Shelters.POSTBACK, at);
            }
            return input(caller, new ResidentInput.Text(typed.text()), at);
        }
        if (said instanceof Said.Tapped tapped) {
            String data = tapped.data() == null ? "" : tapped.data();
            if (MENU.equals(data)) {
                return new Answer.Menu(MENU_PROMPT);
            }
            if (ApplicationStatusQuery.asks(data)) {
                return status(caller);
            }
            if (ResidentBookings.isMine(data)) {
                return bookings(caller, data);
            }
            if (Shelters.isMine(data)) {
                return shelters(caller, data, at);
            }
            if (AttributeMenu.isMine(data)) {
                return attributes(caller, data, at);
            }
            if (data.startsWith(START_PREFIX)) {
                return start(caller, data.substring(START_PREFIX.length()), at);
            }
            return input(caller, ResidentInput.fromPostback(data), at);
        }
        if (said instanceof Said.Gave gave) {
            // a location goes to shelters when the resident just asked for them, or when no question of a procedure waits for it
            if (gave.input() instanceof ResidentInput.Location l && l.latitude() != null && l.longitude() != null
                    && (shelters.awaitsLocation(caller.tenant(), caller.residentId(), at) || !underWay(caller))) {
                return new Answer.Say("shelter", shelters.nearest(caller.tenant(), caller.residentId(), l.latitude(), l.longitude(), at));
            }
            return input(caller, gave.input(), at);
        }
        String kind = ((Said.Unreadable) said).kind();
        if (underWay(caller)) {
            return input(caller, new ResidentInput.Unreadable(kind), at);
        }
        return new Answer.Menu(UNREADABLE);
    }

    /** 「申請の状況」: the resident's applications. */
    private Answer status(Caller caller) {
        return new Answer.Say("status", List.of(status.answer(caller.tenant(), caller.residentId())));
    }

    /** 「予約の確認」: the resident's bookings, and cancelling or changing one (see {@link ResidentBookings}). */
    private Answer bookings(Caller caller, String data) {
        return new Answer.Say("bookings", bookings.answer(caller.tenant(), caller.residentId(), caller.channel(), caller.channelUserId(), data));
    }

    /** 「避難所」: the hazard, then the resident's location (see {@link Shelters}). */
    private Answer shelters(Caller caller, String data, Instant at) {
        return new Answer.Say("shelter", shelters.answer(caller.tenant(), caller.residentId(), data, at));
    }

    /** Starts {@code procedureId}'s latest published version; one that is unknown or retired gets the menu again. */
    public Answer start(Caller caller, String procedureId, Instant at) {
        Optional<FlowDefinition> flow = procedures.latest(caller.tenant(), procedureId)
                .flatMap(p -> procedures.flow(caller.tenant(), p.procedureId(), p.version()));
        if (flow.isEmpty()) {
            return new Answer.Menu(Conversation.FLOW_UNAVAILABLE);
        }
        return new Answer.Turn((TurnResult) send(caller.tenant(), new StartConversation(sessionId(caller), caller.residentId(),
                caller.channel(), caller.channelUserId(), flow.get(), at)));
    }

    /** The procedures a resident can start now, at most {@code limit}. */
    public List<PublishedProcedures.Published> offered(TenantId tenant, int limit) {
        return procedures.menu(tenant, limit);
    }

    /** The menu as one question with an option per procedure (at most {@code limit}), or a message that there is none. */
    public Reply menuQuestion(TenantId tenant, String intro, int limit) {
        // in disaster mode shelters come first, even before a list is imported (the answer then says where to look)
        boolean disaster = disasterMode.on(tenant);
        boolean shelter = disaster || shelters.offered(tenant);
        List<PublishedProcedures.Published> published = offered(tenant, shelter ? limit - 1 : limit);
        if (published.isEmpty() && !shelter) {
            return new Reply.Say((intro == null || intro.equals(MENU_PROMPT) ? "" : intro + "\n") + "いま受け付けている手続きはありません。");
        }
        List<Reply.QuickOption> options = new ArrayList<>();
        for (PublishedProcedures.Published p : published) {
            options.add(new Reply.QuickOption(p.title(), START_PREFIX + p.procedureId()));
        }
        if (shelter) {
            options.add(disaster ? 0 : options.size(), new Reply.QuickOption(Shelters.LABEL, Shelters.POSTBACK));
        }
        String prompt = intro == null ? MENU_PROMPT : intro;
        return new Reply.Ask(disaster ? DISASTER_PROMPT + "\n" + prompt : prompt, options);
    }

    private Answer input(Caller caller, ResidentInput input, Instant at) {
        if (!underWay(caller)) {
            return new Answer.Menu(NO_CONVERSATION_PROMPT);
        }
        TurnResult turn = (TurnResult) send(caller.tenant(), new HandleInput(sessionId(caller), caller.residentId(), caller.channel(),
                caller.channelUserId(), input, at));
        return turn.inConversation() ? new Answer.Turn(turn) : new Answer.Menu(NO_CONVERSATION_PROMPT);
    }

    private boolean underWay(Caller caller) {
        return sessions.exists(sessionId(caller));
    }

    /** 「登録情報」: see {@link AttributeMenu}. Changes go through the Resident aggregate. */
    @SuppressWarnings("unchecked")
    private Answer attributes(Caller caller, String data, Instant at) {
        TenantId tenant = caller.tenant();
        String residentId = caller.residentId();
        List<ResidentAttributes.Option> districts = profiles.districts(tenant);
        AttributeMenu.Action action = AttributeMenu.parse(data);
        List<Reply> replies;
        if (action instanceof AttributeMenu.Choose c) {
            replies = AttributeMenu.choices(c.key(), districts);
        } else if (action instanceof AttributeMenu.Pick p && AttributeMenu.valid(p.key(), p.value(), districts)) {
            replies = AttributeMenu.consentQuestion(p.key(), p.value(), districts);
        } else if (action instanceof AttributeMenu.Consent c && AttributeMenu.valid(c.key(), c.value(), districts)) {
            Map<String, String> current = (Map<String, String>) send(tenant,
                    new ConsentResidentAttribute(residentId, caller.channel(), caller.channelUserId(), c.key(), c.value(), at));
            replies = AttributeMenu.overview("登録しました。", current, districts);
        } else if (action instanceof AttributeMenu.WithdrawMenu) {
            replies = AttributeMenu.withdrawMenu((Map<String, String>) send(tenant, new DescribeResidentAttributes(residentId)));
        } else if (action instanceof AttributeMenu.Withdraw w) {
            Map<String, String> current = (Map<String, String>) send(tenant,
                    new WithdrawResidentAttribute(residentId, caller.channel(), caller.channelUserId(), w.key(), at));
            replies = AttributeMenu.overview("取り消しました。", current, districts);
        } else {
            replies = AttributeMenu.overview(null, (Map<String, String>) send(tenant, new DescribeResidentAttributes(residentId)), districts);
        }
        return new Answer.Say("attrs", replies);
    }

    private static String sessionId(Caller caller) {
        return ConversationMessages.sessionId(caller.tenant().code(), caller.residentId());
    }

    private Object send(TenantId tenant, Object command) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).withMetaData(TenantContext.metaData(tenant)));
    }

    static String normalise(String text) {
        return Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC).replaceAll("\\s+", "").replace("。", "");
    }
}
