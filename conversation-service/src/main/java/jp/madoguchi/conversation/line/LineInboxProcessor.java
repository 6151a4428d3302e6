package jp.madoguchi.conversation.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.bot.jackson.ModelObjectMapper;
import com.linecorp.bot.webhook.model.Event;
import com.linecorp.bot.webhook.model.FollowEvent;
import com.linecorp.bot.webhook.model.UnfollowEvent;
import com.linecorp.bot.webhook.model.UserSource;
import java.io.IOException;
import java.time.Instant;
import jp.madoguchi.conversation.resident.ResidentId;
import jp.madoguchi.conversation.resident.ResidentMessages.FollowResident;
import jp.madoguchi.conversation.resident.ResidentMessages.UnfollowResident;
import jp.madoguchi.platform.tenancy.TenantContext;
import jp.madoguchi.platform.tenancy.TenantId;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Handles the LINE events the webhook made durable, each {@code webhookEventId} once: the id is
 * recorded in the same PostgreSQL transaction as the events it causes in the event store, so a
 * redelivery (by LINE, or by Kafka after a crash) finds it there and changes nothing.
 */
@Component
public class LineInboxProcessor {

    public static final String INBOX_TOPIC = "madoguchi.conversation.line-inbox";
    private static final Logger log = LoggerFactory.getLogger(LineInboxProcessor.class);

    private final ObjectMapper lineJson = ModelObjectMapper.createNewObjectMapper();
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CommandGateway commands;
    private final LineReplies replies;

    public LineInboxProcessor(JdbcTemplate jdbc, TransactionTemplate transaction, CommandGateway commands, LineReplies replies) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.commands = commands;
        this.replies = replies;
    }

    // earliest: events written before this group first joined must not be skipped
    @KafkaListener(topics = INBOX_TOPIC, groupId = "conversation-line-inbox", properties = "auto.offset.reset=earliest")
    public void onInboxRecord(String value) throws IOException {
        JsonNode envelope = lineJson.readTree(value);
        TenantId tenant = TenantId.of(envelope.path("tenantId").asText());
        Event event = lineJson.treeToValue(envelope.path("event"), Event.class);
        String eventType = envelope.path("event").path("type").asText("unknown");
        Boolean handled = transaction.execute(tx -> {
            int inserted = jdbc.update("INSERT INTO line_webhook_event (tenant_id, webhook_event_id, event_type) VALUES (?, ?, ?) "
                    + "ON CONFLICT DO NOTHING", tenant.code(), event.webhookEventId(), eventType);
            if (inserted == 0) {
                return false;
            }
            dispatch(tenant, event);
            return true;
        });
        if (!Boolean.TRUE.equals(handled)) {
            log.info("event=line-webhook-duplicate tenant={} type={}", tenant, eventType);
            return;
        }
        log.info("event=line-webhook-handled tenant={} type={}", tenant, eventType);
        if (event instanceof FollowEvent follow && follow.source() instanceof UserSource user) {
            replies.welcome(tenant, user.userId(), follow.replyToken(), event.webhookEventId());
        }
    }

    private void dispatch(TenantId tenant, Event event) {
        Instant at = event.timestamp() == null ? Instant.now() : Instant.ofEpochMilli(event.timestamp());
        if (!(event.source() instanceof UserSource user)) {
            return; // group and room events are not residents
        }
        String residentId = ResidentId.line(tenant, user.userId()).value();
        Object command = null;
        if (event instanceof FollowEvent) {
            command = new FollowResident(residentId, "LINE", user.userId(), at);
        } else if (event instanceof UnfollowEvent) {
            command = new UnfollowResident(residentId, "LINE", user.userId(), at);
        }
        // Other event types are recorded as seen and left for the conversation engine.
        if (command != null) {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).withMetaData(TenantContext.metaData(tenant)));
        }
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
