package jp.madoguchi.platform.tenancy;

import java.util.Map;
import java.util.Optional;
import org.axonframework.messaging.MetaData;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Where the current tenant travels: the Reactor context on a request's path, Axon metadata on
 * commands and events, and a Kafka header on integration events. One key name for all three.
 */
public final class TenantContext {

    /** Axon metadata key and Kafka header name. */
    public static final String KEY = "tenantId";

    private TenantContext() {
    }

    public static Context with(TenantId tenant) {
        return Context.of(TenantId.class, tenant);
    }

    public static Optional<TenantId> from(ContextView context) {
        return context.getOrEmpty(TenantId.class);
    }

    /** The tenant of the running reactive pipeline; errors when none was put there. */
    public static Mono<TenantId> current() {
        return Mono.deferContextual(ctx -> from(ctx)
                .map(Mono::just)
                .orElseGet(() -> Mono.error(new IllegalStateException("no tenant in the reactive context"))));
    }

    public static MetaData metaData(TenantId tenant) {
        return MetaData.from(Map.of(KEY, tenant.code()));
    }

    public static Optional<TenantId> from(MetaData metaData) {
        Object value = metaData.get(KEY);
        return value == null ? Optional.empty() : Optional.of(TenantId.of(value.toString()));
    }
}
