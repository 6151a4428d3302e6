package jp.madoguchi.platform.messaging.parking;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The back-off of one failed record, decided again at every failure from that failure: a transient one waits
 * 200 ms, doubling up to 10 s, without limit; a permanent one waits 0.5 s, and the third permanent failure stops
 * the retries so the record is parked.
 *
 * <p>Deciding once, from the first failure, is not enough: a batch listener's failure always reaches the error
 * handler as a {@code BatchListenerFailedException}, so spring-kafka never sees the failure change type and would
 * keep retrying a record for ever under the back-off of a first, transient failure (Mongo blinking) while the
 * record's real, permanent fault shows. spring-kafka tells its retry listeners of every failure just before it
 * asks the back-off for the next interval, on the consumer's thread: {@link #LISTENER} keeps that failure for
 * {@link #start()}'s execution to classify.
 */
final class RetryPolicy implements BackOff {

    static final long PERMANENT_INTERVAL_MS = 500;
    /** Attempts in all, the first delivery included, before a permanent failure is parked. */
    static final int PERMANENT_ATTEMPTS = 3;

    private static final ThreadLocal<Exception> LATEST_FAILURE = new ThreadLocal<>();

    static final RetryListener LISTENER = new RetryListener() {
        @Override
        public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
            LATEST_FAILURE.set(ex);
        }
    };

    private final Exception firstFailure;

    RetryPolicy(Exception firstFailure) {
        this.firstFailure = firstFailure;
    }

    /** Also the handler's default, used when a whole batch fails without naming a record: such a batch is never parked. */
    static ExponentialBackOff transientBackOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        return backOff;
    }

    @Override
    public BackOffExecution start() {
        BackOffExecution transientRetries = transientBackOff().start();
        BackOffExecution permanentRetries = new FixedBackOff(PERMANENT_INTERVAL_MS, PERMANENT_ATTEMPTS - 1).start();
        return () -> {
            Exception latest = LATEST_FAILURE.get();
            LATEST_FAILURE.remove();
            boolean transientFailure = FailureClassifier.isTransient(latest != null ? latest : firstFailure);
            return transientFailure ? transientRetries.nextBackOff() : permanentRetries.nextBackOff();
        };
    }
}
