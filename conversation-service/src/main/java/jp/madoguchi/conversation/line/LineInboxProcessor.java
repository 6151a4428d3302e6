package jp.madoguchi.conversation.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.webhook.model.Event;
import com.linecorp.bot.webhook.model.FollowEvent;
import com.linecorp.bot.webhook.model.UnfollowEvent;
import com.linecorp.bot.webhook.model.UserSource;
import com.linecorp.bot.messaging.model.Message;
import com.linecorp.bot.webhook.model.ImageMessageContent;
import com.linecorp.bot.webhook.model.LocationMessageContent;
import com.linecorp.bot.webhook.model.MessageContent;
import com.linecorp.bot.webhook.model.MessageEvent;
import com.linecorp.bot.webhook.model.PostbackEvent;
import com.linecorp.bot.webhook.model.ReplyEvent;
import com.linecorp.bot.webhook.model.TextMessageContent;
import java.io.IOException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.conversation.engine.ResidentInput;
import jp.madoguchi.conversation.procedure.PublishedProcedures;
import jp.madoguchi.conversation.session.Conversation;
import jp.madoguchi.conversation.session.ConversationMessages;
import jp.madoguchi.conversation.session.ConversationMessages.HandleInput;
import jp.madoguchi.conversation.session.ConversationMessages.StartConversation;
import jp.madoguchi.conversation.session.ConversationMessages.TurnResult;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.conversation.resident.ResidentAttributes;
import jp.madoguchi.conversation.resident.ResidentId;
import jp.madoguchi.conversation.resident.ResidentMessages.ConsentResidentAttribute;
import jp.madoguchi.conversation.resident.ResidentMessages.DescribeResidentAttributes;
import jp.madoguchi.conversation.resident.ResidentMessages.WithdrawResidentAttribute;
import jp.madoguchi.conversation.resident.ResidentProfiles;
import jp.madoguchi.conversation.resident.ResidentMessages.FollowResident;
import jp.madoguchi.conversation.resident.ResidentMessages.UnfollowResident;
import jp.madoguchi.platform.tenancy.TenantContext;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.conversation.session.SessionConfiguration;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.springframework.beans.factory.annotation.Qualifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Handles the LINE events the webhook made durable, each {@code webhookEventId} once: the id is
 * recorded in the same PostgreSQL transaction as the events it causes in the event store, so a
 * redelivery (by LINE, or by Kafka after a crash) finds it there and changes nothing. Messages and
 * postbacks become commands to the resident's {@link Conversation}; what it answers is rendered and
 * sent after the commit.
 */
@Component
public class LineInboxProcessor {

    public static final String INBOX_TOPIC = "madoguchi.conversation.line-inbox";
    private static final Logger log = LoggerFactory.getLogger(LineInboxProcessor.class);
    /** Typed words (after NFKC, without spaces) that show the town's procedures. */
    static final Set<String> MENU_WORDS = Set.of("メニュー", "手続き", "てつづき");
    static final String MENU_POSTBACK = "menu";
    static final String START_PREFIX = "start:";
    static final String MENU_PROMPT = "どの手続きをしますか？下から選んでください。";
    static final String NO_CONVERSATION_PROMPT = "手続きを始めるときは、下から選んでください。";

    private final ObjectMapper lineJson = ModelObjectMapper.createNewObjectMapper();
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CommandGateway commands;
    private final LineReplies replies;
    private final PublishedProcedures procedures;
    private final LineContent content;
    private final ResidentProfiles profiles;
    private final LineChannels channels;
    private final TransactionSynchronization evictCachedConversationsOnRollback;

    public LineInboxProcessor(JdbcTemplate jdbc, TransactionTemplate transaction, CommandGateway commands, LineReplies replies,
                              PublishedProcedures procedures, LineContent content, ResidentProfiles profiles, LineChannels channels,
                              @Qualifier(SessionConfiguration.CONVERSATION_CACHE) Cache conversationCache) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.commands = commands;
        this.replies = replies;
        this.procedures = procedures;
        this.content = content;
        this.profiles = profiles;
        this.channels = channels;
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

    // earliest: events written before this group first joined must not be skipped. One consumer thread per
    // partition (records are keyed <tenantId>:<userId>, so one resident's events stay in order on one thread).
    // Batches: all the events of a poll share one transaction, which is what keeps up under load. A fetch waits
    // up to 25 ms for 8 KB (about a dozen events), so a busy channel's polls bring several events; the event of a
    // quiet channel waits at most that long and comes alone.
    @KafkaListener(topics = INBOX_TOPIC, groupId = "conversation-line-inbox",
            properties = {"auto.offset.reset=earliest", "fetch.min.bytes=8192", "fetch.max.wait.ms=25"},
            concurrency = "${madoguchi.line.inbox-concurrency:3}", batch = "true")
    public void onInboxRecords(List<String> values) {
        List<Inbound> events = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            try {
                events.add(prepare(values.get(i)));
            } catch (IOException | RuntimeException e) {
                handleOneByOne(events);
                throw new BatchListenerFailedException("LINE inbox record could not be read or prepared", e, i);
            }
        }
        if (events.size() > 1) {
            try {
                handle(events);
                return;
            } catch (RuntimeException e) {
                // one event spoils the batch's transaction: handle them one by one, so only that one is retried
                log.warn("event=line-inbox-batch-failed size={} fallback=one-by-one reason={}", events.size(), e.getClass().getSimpleName());
            }
        }
        handleOneByOne(events);
    }

    private void handleOneByOne(List<Inbound> events) {
        for (int i = 0; i < events.size(); i++) {
            try {
                handle(List.of(events.get(i)));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("LINE inbox event could not be handled", e, i);
            }
        }
    }

    /** One inbox record, read, with what must be fetched from LINE before the transaction. */
    private record Inbound(TenantId tenant, Event event, String eventType, String photo) {
    }

    private Inbound prepare(String value) throws IOException {
        JsonNode envelope = lineJson.readTree(value);
        TenantId tenant = TenantId.of(envelope.path("tenantId").asText());
        Event event = lineJson.treeToValue(envelope.path("event"), Event.class);
        String eventType = envelope.path("event").path("type").asText("unknown");
        // the photo is fetched before the transaction (no database transaction waits on LINE); storing it is idempotent
        String photo = photoContentId(tenant, event);
        if (event instanceof FollowEvent && event.source() instanceof UserSource follower) {
            // the display name goes to the resident read model only (personal data: never in events or logs); idempotent
            channels.client(tenant).ifPresent(client -> profiles.recordProfile(tenant, ResidentId.line(tenant, follower.userId()).value(),
                    follower.userId(), client));
        }
        return new Inbound(tenant, event, eventType, photo);
    }

    /**
     * Handles {@code events} in one transaction; the sends are recorded in it (line_outbox) and go out right
     * after it commits. A rolled-back transaction also drops the conversations Axon cached during it.
     */
    private void handle(List<Inbound> events) {
        int duplicates = transaction.execute(tx -> {
            TransactionSynchronizationManager.registerSynchronization(evictCachedConversationsOnRollback);
            int seen = 0;
            for (Inbound in : events) {
                int inserted = jdbc.update("INSERT INTO line_webhook_event (tenant_id, webhook_event_id, event_type) VALUES (?, ?, ?) "
                        + "ON CONFLICT DO NOTHING", in.tenant().code(), in.event().webhookEventId(), in.eventType());
                if (inserted == 0) {
                    log.info("event=line-webhook-duplicate tenant={} type={}", in.tenant(), in.eventType());
                    seen++;
                    continue;
                }
                Outgoing result = dispatch(in.tenant(), in.event(), in.photo());
                if (in.event().source() instanceof UserSource user) {
                    record(in.tenant(), user.userId(), in.event(), result);
                }
            }
            return seen;
        });
        log.debug("event=line-webhook-handled events={} duplicates={}", events.size() - duplicates, duplicates);
    }

    /** What to send once the transaction has committed. */
    private sealed interface Outgoing {
    }

    private record Nothing() implements Outgoing {
    }

    private record Welcome() implements Outgoing {
    }

    /** The town's procedures, after {@code intro}. */
    private record Menu(String intro) implements Outgoing {
    }

    private record Replies(TurnResult turn) implements Outgoing {
    }

    /** 「申請の状況」: the resident's applications (package notice). */
    private record Status() implements Outgoing {
    }

    @org.springframework.beans.factory.annotation.Autowired
    private jp.madoguchi.conversation.notice.ApplicationStatusQuery statusQuery;

    /** Ready-made messages under their own send key (e.g. the resident's registered attributes). */
    private record Say(String sendKey, List<Message> messages) implements Outgoing {
    }

    private Outgoing dispatch(TenantId tenant, Event event, String photo) {
        Instant at = event.timestamp() == null ? Instant.now() : Instant.ofEpochMilli(event.timestamp());
        if (!(event.source() instanceof UserSource user)) {
            return new Nothing(); // group and room events are not residents
        }
        String residentId = ResidentId.line(tenant, user.userId()).value();
        if (event instanceof FollowEvent) {
            send(tenant, new FollowResident(residentId, "LINE", user.userId(), at));
            return new Welcome();
        }
        if (event instanceof UnfollowEvent) {
            send(tenant, new UnfollowResident(residentId, "LINE", user.userId(), at));
            return new Nothing();
        }
        String sessionId = ConversationMessages.sessionId(tenant.code(), residentId);
        ResidentInput input = null;
        if (event instanceof MessageEvent message) {
            MessageContent content = message.message();
            if (content instanceof TextMessageContent text) {
                if (MENU_WORDS.contains(normalise(text.text()))) {
                    return new Menu(MENU_PROMPT);
                }
                if (LineAttributeMenu.WORDS.contains(normalise(text.text()))) {
                    return attributes(tenant, residentId, user.userId(), LineAttributeMenu.PREFIX, at, event.webhookEventId());
                }
                if (jp.madoguchi.conversation.notice.ApplicationStatusQuery.asks(text.text())) {
                    return new Status();
                }
                input = new ResidentInput.Text(text.text());
            } else if (content instanceof LocationMessageContent location) {
                input = new ResidentInput.Location(location.latitude(), location.longitude(), location.address());
            } else if (photo != null) {
                input = new ResidentInput.Photo(photo);
            }
        } else if (event instanceof PostbackEvent postback) {
            String data = postback.postback().data() == null ? "" : postback.postback().data();
            Map<String, String> params = postback.postback().params() == null ? Map.of() : postback.postback().params();
            if (MENU_POSTBACK.equals(data)) {
                return new Menu(MENU_PROMPT);
            }
            if (jp.madoguchi.conversation.notice.ApplicationStatusQuery.asks(data)) {
                return new Status();
            }
            if (LineAttributeMenu.isMine(data)) {
                return attributes(tenant, residentId, user.userId(), data, at, event.webhookEventId());
            }
            if (data.startsWith(START_PREFIX)) {
                return start(tenant, sessionId, residentId, user.userId(), data.substring(START_PREFIX.length()), at);
            }
            if (params.containsKey("datetime")) {
                input = ResidentInput.DateTime.of(LocalDateTime.parse(params.get("datetime")));
            } else if (params.containsKey("date")) {
                input = ResidentInput.DateTime.of(LocalDate.parse(params.get("date")));
            } else {
                input = ResidentInput.fromPostback(data);
            }
        }
        if (input == null) {
            return new Nothing(); // stickers, videos, audio, files: nothing a procedure asks for
        }
        TurnResult turn = (TurnResult) send(tenant, new HandleInput(sessionId, residentId, "LINE", user.userId(), input, at));
        return turn.inConversation() ? new Replies(turn) : new Menu(NO_CONVERSATION_PROMPT);
    }

    /** 「登録情報」: see {@link LineAttributeMenu}. Changes go through the Resident aggregate in this transaction. */
    @SuppressWarnings("unchecked")
    private Outgoing attributes(TenantId tenant, String residentId, String lineUserId, String data, Instant at, String webhookEventId) {
        List<ResidentAttributes.Option> districts = profiles.districts(tenant);
        LineAttributeMenu.Action action = LineAttributeMenu.parse(data);
        List<Reply> replies;
        if (action instanceof LineAttributeMenu.Choose c) {
            replies = LineAttributeMenu.choices(c.key(), districts);
        } else if (action instanceof LineAttributeMenu.Pick p && LineAttributeMenu.valid(p.key(), p.value(), districts)) {
            replies = LineAttributeMenu.consentQuestion(p.key(), p.value(), districts);
        } else if (action instanceof LineAttributeMenu.Consent c && LineAttributeMenu.valid(c.key(), c.value(), districts)) {
            Map<String, String> current = (Map<String, String>) send(tenant,
                    new ConsentResidentAttribute(residentId, "LINE", lineUserId, c.key(), c.value(), at));
            replies = LineAttributeMenu.overview("登録しました。", current, districts);
        } else if (action instanceof LineAttributeMenu.WithdrawMenu) {
            replies = LineAttributeMenu.withdrawMenu((Map<String, String>) send(tenant, new DescribeResidentAttributes(residentId)));
        } else if (action instanceof LineAttributeMenu.Withdraw w) {
            Map<String, String> current = (Map<String, String>) send(tenant,
                    new WithdrawResidentAttribute(residentId, "LINE", lineUserId, w.key(), at));
            replies = LineAttributeMenu.overview("取り消しました。", current, districts);
        } else {
            replies = LineAttributeMenu.overview(null, (Map<String, String>) send(tenant, new DescribeResidentAttributes(residentId)), districts);
        }
        List<Message> messages = new ArrayList<>();
        for (Reply reply : replies) {
            messages.add(LineMessages.render(reply));
        }
        return new Say("attrs:" + webhookEventId, messages);
    }

    private Outgoing start(TenantId tenant, String sessionId, String residentId, String lineUserId, String procedureId, Instant at) {
        Optional<FlowDefinition> flow = procedures.latest(tenant, procedureId)
                .flatMap(p -> procedures.flow(tenant, p.procedureId(), p.version()));
        if (flow.isEmpty()) {
            return new Menu(Conversation.FLOW_UNAVAILABLE);
        }
        return new Replies((TurnResult) send(tenant, new StartConversation(sessionId, residentId, "LINE", lineUserId, flow.get(), at)));
    }

    private Object send(TenantId tenant, Object command) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).withMetaData(TenantContext.metaData(tenant)));
    }

    /** Records what to send for this event in the current transaction (see {@link LineOutbox}). */
    private void record(TenantId tenant, String lineUserId, Event event, Outgoing outgoing) {
        String replyToken = event instanceof ReplyEvent r ? r.replyToken() : null;
        Instant at = event.timestamp() == null ? Instant.now() : Instant.ofEpochMilli(event.timestamp());
        if (outgoing instanceof Welcome) {
            replies.welcome(tenant, lineUserId, replyToken, at, event.webhookEventId(), List.of(menu(tenant, null)));
        } else if (outgoing instanceof Menu menu) {
            replies.send(tenant, lineUserId, replyToken, at, "menu:" + event.webhookEventId(), List.of(menu(tenant, menu.intro())));
        } else if (outgoing instanceof Status) {
            replies.send(tenant, lineUserId, replyToken, at, "status:" + event.webhookEventId(),
                    LineMessages.render(List.of(statusQuery.answer(tenant, ResidentId.line(tenant, lineUserId).value()))));
        } else if (outgoing instanceof Replies r) {
            replies.send(tenant, lineUserId, replyToken, at, "turn:" + r.turn().conversationId() + ":" + r.turn().turn(),
                    LineMessages.render(r.turn().replies()));
        } else if (outgoing instanceof Say say) {
            replies.send(tenant, lineUserId, replyToken, at, say.sendKey(), say.messages());
        }
    }

    /** The procedures a resident can start, as quick replies (at most 13). */
    private Message menu(TenantId tenant, String intro) {
        List<PublishedProcedures.Published> published = procedures.menu(tenant, LineMessages.MAX_QUICK_REPLY_ITEMS);
        if (published.isEmpty()) {
            return LineMessages.render(new Reply.Say("いま LINE で受け付けている手続きはありません。"));
        }
        List<Reply.QuickOption> options = new ArrayList<>();
        for (PublishedProcedures.Published p : published) {
            options.add(new Reply.QuickOption(p.title(), START_PREFIX + p.procedureId()));
        }
        return LineMessages.render(new Reply.Ask(intro == null ? MENU_PROMPT : intro, options));
    }

    private String photoContentId(TenantId tenant, Event event) {
        if (event instanceof MessageEvent message && message.message() instanceof ImageMessageContent image
                && event.source() instanceof UserSource user) {
            return content.fetchAndStore(tenant, ResidentId.line(tenant, user.userId()).value(), image.id());
        }
        return null;
    }

    static String normalise(String text) {
        return Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC).replaceAll("\\s+", "").replace("。", "");
    }

    @Configuration(proxyBeanMethods = false)
    static class InboxConfiguration {

        /** The inbox keeps raw events a week: long enough to recover from any outage of the processor. */
        @Bean
        NewTopic lineInboxTopic(jp.madoguchi.platform.config.MadoguchiProperties props) {
            return TopicBuilder.name(INBOX_TOPIC)
                    .partitions(props.kafka().partitions())
                    .replicas(props.kafka().replicationFactor())
                    .config("retention.ms", String.valueOf(7L * 24 * 3600 * 1000))
                    .build();
        }

        /** Retry a failing record forever (with back-off) rather than skip it: nothing acknowledged is lost. */
        @Bean
        CommonErrorHandler kafkaErrorHandler() {
            ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
            backOff.setMaxInterval(10_000);
            return new DefaultErrorHandler(backOff);
        }
    }
}
