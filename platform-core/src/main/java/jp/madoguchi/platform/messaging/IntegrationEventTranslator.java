package jp.madoguchi.platform.messaging;

import java.util.Optional;

/**
 * A service's choice of what leaves it: the integration event to publish for one of its domain
 * events, or empty to keep that event inside the service. Domain events stay free of the contracts.
 */
@FunctionalInterface
public interface IntegrationEventTranslator {
    Optional<Record> translate(Object domainEvent);
}
