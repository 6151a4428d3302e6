package jp.madoguchi.platform.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** BlockHound is active in this JVM as in every service's tests, with the platform's few allowances. */
class NonBlockingRulesTest {

    @Test
    void aBlockingCallOnANonBlockingThreadFails() {
        assertThatThrownBy(() -> Mono.fromCallable(() -> {
            Thread.sleep(1);
            return "slept";
        }).subscribeOn(Schedulers.parallel()).block())
                .hasRootCauseInstanceOf(BlockingOperationError.class);
    }

    @Test
    void randomIdsAreAllowed() {
        assertThat(Mono.fromCallable(UUID::randomUUID).subscribeOn(Schedulers.parallel()).block()).isNotNull();
    }

    @Test
    void blockingWorkOnTheBoundedSchedulerIsAllowed() {
        assertThat(Mono.fromCallable(() -> {
            Thread.sleep(1);
            return "slept";
        }).subscribeOn(Schedulers.boundedElastic()).block()).isEqualTo("slept");
    }
}
