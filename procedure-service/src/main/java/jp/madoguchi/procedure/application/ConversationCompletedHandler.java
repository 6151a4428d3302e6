package jp.madoguchi.procedure.application;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.contracts.ConversationCompleted;
import jp.madoguchi.platform.messaging.IntegrationEventHandler;
import jp.madoguchi.platform.messaging.ReactiveCommands;
import jp.madoguchi.platform.tenancy.TenantContext;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.procedure.application.ApplicationMessages.SubmitApplication;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Turns each completed conversation into an application of the envelope's town. The consumer
 * deduplicates by event id; a conversation published again under a new event id still names the
 * same application id, and its second creation is refused by the event store, which counts here
 * as already done. A conversation that breaks the application's rules is logged and skipped:
 * retrying could never make it valid.
 */
@Component
class ConversationCompletedHandler implements IntegrationEventHandler {

    private static final Logger log = LoggerFactory.getLogger(ConversationCompletedHandler.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final CommandBus commandBus;

    ConversationCompletedHandler(CommandBus commandBus) {
        this.commandBus = commandBus;
    }

    @Override
    public boolean handles(Record payload) {
        return payload instanceof ConversationCompleted;
    }

    @Override
    public Mono<Void> handle(EventEnvelope envelope, Record payload) {
        if (!(payload instanceof ConversationCompleted c)) {
            return Mono.empty();
        }
        TenantId tenant = TenantId.of(envelope.tenantId());
        String applicationId = ApplicationIds.fromConversation(tenant, c.conversationId());
        SubmitApplication command = new SubmitApplication(applicationId, tenant.code(), c.conversationId(), c.residentId(), c.channel(),
                c.channelUserId(), c.procedureId(), c.procedureVersion(), c.answers(), c.attachments(), c.completedAt());
        return Mono.fromFuture(() -> dispatch(GenericCommandMessage.asCommandMessage(command).withMetaData(TenantContext.metaData(tenant))))
                .timeout(COMMAND_TIMEOUT)
                .doOnSuccess(r -> log.info("event=application-submitted tenant={} applicationId={} procedureId={}", tenant, applicationId,
                        c.procedureId()))
                .onErrorResume(ReactiveCommands::isDuplicateCreate, e -> {
                    log.info("event=application-already-submitted tenant={} applicationId={}", tenant, applicationId);
                    return Mono.empty();
                })
                .onErrorResume(e -> unwrap(e) instanceof ApplicationRuleViolation, e -> {
                    // the problems name fields, never their values: no resident data in the log
                    log.warn("event=conversation-refused tenant={} conversationId={} eventId={} problems=\"{}\"", tenant,
                            c.conversationId(), envelope.eventId(), unwrap(e).getMessage());
                    return Mono.empty();
                })
                .then();
    }

    /**
     * Straight to the command bus, not through the gateway: the gateway logs a failed command's
     * exception at WARN, and a refused duplicate's exception quotes the SQL batch with the event's
     * payload, i.e. the resident's answers.
     */
    private CompletableFuture<Object> dispatch(CommandMessage<Object> message) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        commandBus.dispatch(message, (CommandCallback<Object, Object>) (m, outcome) -> {
            if (outcome.isExceptional()) {
                result.completeExceptionally(outcome.exceptionResult());
            } else {
                result.complete(outcome.getPayload());
            }
        });
        return result;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
