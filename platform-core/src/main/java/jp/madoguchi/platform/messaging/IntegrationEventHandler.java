package jp.madoguchi.platform.messaging;

import jp.madoguchi.platform.events.EventEnvelope;
import reactor.core.publisher.Mono;

/**
 * What a consumer does with one integration event. It may see an event again after a crash
 * (its effect was saved, its offset not yet), so it writes single-document updates that are
 * idempotent, e.g. guarded by the envelope's per-aggregate {@code sequence}.
 */
@FunctionalInterface
public interface IntegrationEventHandler {
    Mono<Void> handle(EventEnvelope envelope, Record payload);

    /**
     * Whether {@link #handle} does anything with {@code payload}. A consumer reads every event on its topics; the
     * ones its handler ignores are passed over without reading or writing the processed-event markers.
     */
    default boolean handles(Record payload) {
        return true;
    }
}
