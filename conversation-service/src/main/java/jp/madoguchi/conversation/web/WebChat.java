package jp.madoguchi.conversation.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.madoguchi.conversation.channel.ChannelDirectory;
import jp.madoguchi.conversation.channel.TownChannel;
import jp.madoguchi.conversation.counter.Answer;
import jp.madoguchi.conversation.counter.Caller;
import jp.madoguchi.conversation.counter.ResidentCounter;
import jp.madoguchi.conversation.counter.Said;
import jp.madoguchi.conversation.engine.Turn;
import jp.madoguchi.conversation.notice.ResidentInbox;
import jp.madoguchi.conversation.procedure.PublishedProcedures;
import jp.madoguchi.conversation.session.ConversationMessages.TurnResult;
import jp.madoguchi.platform.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The web chat channel: what a resident does on the page goes to the same {@link ResidentCounter} as LINE,
 * with the channel recorded as {@value #CHANNEL}; this class only renders its answers for the page and
 * remembers what was last shown.
 */
@Component
class WebChat {

    static final String CHANNEL = "WEB";
    /** A web page can list more procedures than LINE's 13 quick replies. */
    static final int MENU_LIMIT = 50;
    static final String WELCOME = "%sのオンライン窓口です。LINEを使わなくても、ここで手続きができます。";
    static final String MENU_PROMPT = "どの手続きをしますか？下のボタンから選んでください。";
    static final String NO_CONVERSATION = "いま進めている手続きはありません。下のボタンから選んでください。";
    private static final Logger log = LoggerFactory.getLogger(WebChat.class);

    /** A town whose web chat is open: onboarded, not suspended, with at least one published procedure. */
    record Town(TenantId tenant, String name, List<PublishedProcedures.Published> procedures) {
    }

    /** A procedure on the menu. */
    record MenuItem(String procedureId, String title) {
    }

    /**
     * What the page shows after a load or a turn.
     *
     * @param replies   the new messages; while a conversation is under way the last one is the question to answer
     * @param error     why the last input was not accepted (shown next to the input), or null
     * @param underWay  a conversation is under way (else the page shows {@code menu})
     * @param outcome   CONTINUE | INVALID | COMPLETED | CANCELLED | MENU
     */
    record ChatView(String town, List<WebReplies.View> replies, String error, boolean underWay, String outcome, List<MenuItem> menu,
                    String menuPrompt, List<Notice> notices) {

        ChatView {
            notices = notices == null ? List.of() : List.copyOf(notices);
        }
    }

    /** News about the resident's applications (status changes, staff messages): the web chat cannot push them. */
    record Notice(String text, String receiptNumber, Instant at) {
    }

    /** How many notices the page shows when it opens. */
    static final int NOTICES_SHOWN = 5;

    private final ResidentCounter counter;
    private final ChannelDirectory towns;
    private final WebChatSessions sessions;
    private final ResidentInbox inbox;

    WebChat(ResidentCounter counter, ChannelDirectory towns, WebChatSessions sessions, ResidentInbox inbox) {
        this.counter = counter;
        this.towns = towns;
        this.sessions = sessions;
        this.inbox = inbox;
    }

    /** The town at {@code /chat/{code}}, when its web chat is open. */
    Optional<Town> town(String code) {
        TenantId tenant;
        try {
            tenant = TenantId.of(code);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        Optional<TownChannel> known = towns.find(tenant).filter(t -> t.townName() != null && !t.suspended());
        if (known.isEmpty()) {
            return Optional.empty();
        }
        List<PublishedProcedures.Published> offered = counter.offered(tenant, MENU_LIMIT);
        if (offered.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Town(tenant, known.get().townName(), offered));
    }

    /** On opening the page: the question under way, else a welcome and the menu. */
    ChatView current(Town town, WebResident resident) {
        String residentId = resident.residentId(town.tenant());
        List<Notice> notices = inbox.recent(town.tenant(), residentId, NOTICES_SHOWN).stream()
                .map(n -> new Notice(n.text(), n.receiptNumber(), n.at())).toList();
        Optional<WebChatSessions.Shown> shown = sessions.underWay(town.tenant(), residentId);
        if (shown.isPresent()) {
            return new ChatView(town.name(), shown.get().views(), null, true, "CONTINUE", menu(town), MENU_PROMPT, notices);
        }
        return new ChatView(town.name(), List.of(WebReplies.View.say(String.format(WELCOME, town.name()))), null, false, "MENU", menu(town),
                MENU_PROMPT, notices);
    }

    ChatView start(Town town, WebResident resident, String procedureId) {
        log.info("event=web-chat-start tenant={} procedure={}", town.tenant(), procedureId);
        return view(town, resident, counter.start(caller(town, resident), procedureId, Instant.now()));
    }

    ChatView input(Town town, WebResident resident, Said said) {
        return view(town, resident, counter.hear(caller(town, resident), said, Instant.now()));
    }

    /** Whether the question under way asks for a photo (the last thing shown is a photo question). */
    boolean asksForPhoto(Town town, WebResident resident) {
        return sessions.underWay(town.tenant(), resident.residentId(town.tenant()))
                .map(WebChatSessions.Shown::views)
                .filter(views -> !views.isEmpty() && "photo".equals(views.get(views.size() - 1).type()))
                .isPresent();
    }

    /** The counter's answer as the page shows it. */
    private ChatView view(Town town, WebResident resident, Answer answer) {
        if (answer instanceof Answer.Turn turn) {
            return shown(town, resident.residentId(town.tenant()), turn.turn());
        }
        if (answer instanceof Answer.Say say) {
            return new ChatView(town.name(), WebReplies.views(say.replies()), null, false, "MENU", menu(town), MENU_PROMPT, List.of());
        }
        String intro = answer instanceof Answer.Menu menu && !ResidentCounter.MENU_PROMPT.equals(menu.intro()) ? menu.intro() : NO_CONVERSATION;
        return menuView(town, intro, "MENU");
    }

    private static Caller caller(Town town, WebResident resident) {
        return new Caller(town.tenant(), resident.residentId(town.tenant()), CHANNEL, resident.webId());
    }

    private ChatView shown(Town town, String residentId, TurnResult turn) {
        List<WebReplies.View> views = new ArrayList<>(WebReplies.views(turn.replies()));
        String error = null;
        if (turn.outcome() == Turn.Outcome.INVALID && views.size() > 1 && "say".equals(views.get(0).type())) {
            // the engine says why, then asks again: the reason goes next to the input, the question stays as it was
            error = views.remove(0).text();
        }
        boolean underWay = turn.outcome() == Turn.Outcome.CONTINUE || turn.outcome() == Turn.Outcome.INVALID;
        if (underWay && views.stream().allMatch(v -> "say".equals(v.type()))) {
            // e.g. 「『…』を続けます。」 after declining a switch: the question under way is still the one to answer
            sessions.underWay(town.tenant(), residentId).map(WebChatSessions.Shown::views)
                    .filter(previous -> !previous.isEmpty() && !"say".equals(previous.get(previous.size() - 1).type()))
                    .ifPresent(previous -> views.add(previous.get(previous.size() - 1)));
        }
        sessions.remember(town.tenant(), residentId, turn.turn(), underWay, views);
        String outcome = turn.outcome().name();
        log.info("event=web-chat-turn tenant={} outcome={}", town.tenant(), outcome);
        return new ChatView(town.name(), views, error, underWay, outcome, menu(town), MENU_PROMPT, List.of());
    }

    private ChatView menuView(Town town, String say, String outcome) {
        return new ChatView(town.name(), List.of(WebReplies.View.say(say)), null, false, outcome, menu(town), MENU_PROMPT, List.of());
    }

    private static List<MenuItem> menu(Town town) {
        return town.procedures().stream().map(p -> new MenuItem(p.procedureId(), p.title())).toList();
    }

}
