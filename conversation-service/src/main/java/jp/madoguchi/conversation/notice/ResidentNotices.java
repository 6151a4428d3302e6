package jp.madoguchi.conversation.notice;

import java.util.List;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.ApplicationMessagePosted;
import jp.madoguchi.platform.events.contracts.ApplicationStatusChanged;
import jp.madoguchi.platform.events.contracts.ApplicationSubmitted;
import jp.madoguchi.platform.messaging.IntegrationEventConsumer;
import jp.madoguchi.platform.messaging.IntegrationEventConsumers;
import jp.madoguchi.platform.messaging.IntegrationEventHandler;
import jp.madoguchi.platform.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Tells residents what happened to their applications, on the channel they applied on: its receipt
 * number once it is numbered, each status change and each message from staff. A LINE push's
 * {@code X-Line-Retry-Key} is derived from the applicationId (the receipt), the envelope's eventId (a
 * status change) or the messageId (a message from staff), and sends are recorded by that key, so a
 * redelivered event is neither recorded nor sent twice; web chat residents get the notice in their {@link ResidentInbox}. Also keeps
 * {@link ResidentApplications} for 「申請の状況」.
 */
@Component
class ResidentNotices implements IntegrationEventHandler {

    static final String CONSUMER = "conversation-notices-v1";
    private static final Logger log = LoggerFactory.getLogger(ResidentNotices.class);

    private final List<ResidentPush> channels;
    private final ResidentInbox inbox;
    private final ResidentApplications applications;

    public ResidentNotices(List<ResidentPush> channels, ResidentInbox inbox, ResidentApplications applications) {
        this.channels = List.copyOf(channels);
        this.inbox = inbox;
        this.applications = applications;
    }

    @Override
    public boolean handles(Record payload) {
        return payload instanceof ApplicationSubmitted || payload instanceof ApplicationStatusChanged
                || payload instanceof ApplicationMessagePosted;
    }

    @Override
    public Mono<Void> handle(EventEnvelope envelope, Record payload) {
        if (payload instanceof ApplicationSubmitted e) {
            TenantId tenant = TenantId.of(envelope.tenantId());
            // named by the application, not the event: an application is numbered once, so its receipt is told once
            String sendKey = "receipt:" + e.applicationId();
            return Mono.defer(() -> applications.on(envelope, e)).subscribeOn(Schedulers.boundedElastic())
                    .then(applications.title(tenant, e.applicationId()).defaultIfEmpty(""))
                    .flatMap(title -> tell(tenant, e.channel(), e.channelUserId(), e.residentId(), sendKey, e.applicationId(),
                            e.receiptNumber(), NoticeTexts.received(e.receiptNumber(), title, e.channel()), envelope));
        }
        if (payload instanceof ApplicationStatusChanged e) {
            TenantId tenant = TenantId.of(envelope.tenantId());
            return applications.on(envelope, e)
                    .then(applications.title(tenant, e.applicationId()).defaultIfEmpty(""))
                    .flatMap(title -> tell(tenant, e.channel(), e.channelUserId(), e.residentId(), "notice:" + envelope.eventId(),
                            e.applicationId(), e.receiptNumber(), NoticeTexts.statusChanged(e.receiptNumber(), title, e.to(), e.reason()), envelope));
        }
        if (payload instanceof ApplicationMessagePosted e) {
            TenantId tenant = TenantId.of(envelope.tenantId());
            return tell(tenant, e.channel(), e.channelUserId(), e.residentId(), "message:" + e.messageId(), e.applicationId(),
                    e.receiptNumber(), NoticeTexts.message(e.receiptNumber(), e.text()), envelope);
        }
        return Mono.empty();
    }

    private Mono<Void> tell(TenantId tenant, String channel, String channelUserId, String residentId, String sendKey,
                            String applicationId, String receiptNumber, String text, EventEnvelope envelope) {
        ResidentPush push = channels.stream().filter(c -> c.channel().equals(channel)).findFirst().orElse(null);
        if (push != null) {
            if (channelUserId == null || channelUserId.isBlank()) {
                // published before ApplicationSubmitted named the LINE user: there is no one to push to
                log.info("event=resident-not-notified tenant={} channel={} kind={} reason=no-channel-user", tenant, channel, kind(sendKey));
                return Mono.empty();
            }
            // the channel derives its retry key from the send key: the same event always sends under the same key
            return Mono.fromRunnable(() -> push.push(tenant, channelUserId, sendKey, List.of(withStatusButton(text))))
                    .subscribeOn(Schedulers.boundedElastic())
                    .doOnSuccess(v -> log.info("event=resident-notified tenant={} channel={} kind={}", tenant, channel, kind(sendKey)))
                    .then();
        }
        return inbox.keep(tenant, residentId, new ResidentInbox.Notice(sendKey, applicationId, receiptNumber, text, envelope.occurredAt()))
                .doOnSuccess(v -> log.info("event=resident-notified tenant={} channel={} kind=inbox", tenant, channel));
    }

    /** The notice with a button that asks 「申請の状況」, so the resident can check again by tapping. */
    private static Reply withStatusButton(String text) {
        return new Reply.Ask(text, List.of(
                new Reply.QuickOption(NoticeTexts.STATUS_LABEL, ApplicationStatusQuery.POSTBACK),
                new Reply.QuickOption("メニュー", "menu")));
    }

    private static String kind(String sendKey) {
        return sendKey.substring(0, sendKey.indexOf(':'));
    }

    @Configuration(proxyBeanMethods = false)
    static class ConsumerConfiguration {

        /** Renaming the consumer would read the topic from the start: LINE refuses the repeated pushes by retry key. */
        @Bean
        IntegrationEventConsumer residentNoticesConsumer(IntegrationEventConsumers consumers, ResidentNotices handler) {
            return consumers.create(CONSUMER, List.of(Topics.PROCEDURE_EVENTS), handler);
        }
    }
}
