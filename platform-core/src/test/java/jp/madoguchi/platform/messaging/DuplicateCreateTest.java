package jp.madoguchi.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;

class DuplicateCreateTest {

    @Test
    void recognisesTheJdbcStoresRefusalToReuseAnIdentifierWhereverItIsWrapped() {
        EventStoreException refused = new EventStoreException(
                "Cannot reuse aggregate identifier [014834] to create aggregate [Town] since identifiers need to be unique.");
        assertThat(ReactiveCommands.isDuplicateCreate(refused)).isTrue();
        assertThat(ReactiveCommands.isDuplicateCreate(new CompletionException(new CommandExecutionException("failed", refused)))).isTrue();
    }

    @Test
    void doesNotTakeEveryEventStoreFailureForADuplicate() {
        EventStoreException outage = new EventStoreException("An event for aggregate [014834] at sequence [0] could not be persisted");
        assertThat(ReactiveCommands.isDuplicateCreate(outage)).isFalse();
        assertThat(ReactiveCommands.isDuplicateCreate(new IllegalStateException("connection refused"))).isFalse();
    }
}
