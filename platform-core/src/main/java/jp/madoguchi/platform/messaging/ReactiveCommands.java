package jp.madoguchi.platform.messaging;

import java.util.concurrent.CompletionException;
import jp.madoguchi.platform.tenancy.TenantContext;
import jp.madoguchi.platform.tenancy.TenantId;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sends a command on behalf of a town, from reactive code. Axon's simple command bus runs the handler,
 * and its JDBC event-store append, on the thread that sends: here that is a bounded worker, never a
 * Netty event loop, which all services share in the launcher and which LINE's webhooks need within
 * about two seconds. The command carries the tenant in its metadata, and the events it causes inherit it.
 */
public class ReactiveCommands {

    /** On the JDBC event store a second creation arrives as a plain EventStoreException with this message. */
    private static final String DUPLICATE_MARKER = "Cannot reuse aggregate identifier";

    private final CommandGateway gateway;
    private final Scheduler blocking;

    public ReactiveCommands(CommandGateway gateway) {
        this(gateway, Schedulers.boundedElastic());
    }

    ReactiveCommands(CommandGateway gateway, Scheduler blocking) {
        this.gateway = gateway;
        this.blocking = blocking;
    }

    /** The handler's result; a refusal arrives as the handler's own exception, not wrapped. */
    public <R> Mono<R> send(TenantId tenant, Object command) {
        return Mono.fromFuture(() -> gateway.<R>send(GenericCommandMessage.asCommandMessage(command).withMetaData(TenantContext.metaData(tenant))))
                .subscribeOn(blocking)
                .onErrorMap(e -> e instanceof CompletionException && e.getCause() != null, Throwable::getCause);
    }

    /** Whether {@code type} is anywhere in the cause chain (Axon wraps handler and store failures). */
    public static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** A create command for an aggregate whose stream already exists. */
    public static boolean isDuplicateCreate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AggregateStreamCreationException || (t.getMessage() != null && t.getMessage().contains(DUPLICATE_MARKER))) {
                return true;
            }
        }
        return false;
    }
}
