package jp.madoguchi.platform.messaging.parking;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import reactor.core.publisher.Mono;

class FailureClassifierTest {

    @Test
    void springsTransientAndResourceFailuresAreTransient() {
        assertThat(FailureClassifier.isTransient(new DataAccessResourceFailureException("mongo away"))).isTrue();
        assertThat(FailureClassifier.isTransient(new QueryTimeoutException("slow"))).isTrue();
        assertThat(FailureClassifier.isTransient(new CannotGetJdbcConnectionException("pool empty"))).isTrue();
        assertThat(FailureClassifier.isTransient(new CannotCreateTransactionException("no connection"))).isTrue();
    }

    @Test
    void jdbcConnectionFailuresAreTransientButConstraintViolationsAreNot() {
        assertThat(FailureClassifier.isTransient(new SQLTransientConnectionException("gone"))).isTrue();
        assertThat(FailureClassifier.isTransient(new SQLException("I/O error", "08006"))).isTrue();
        assertThat(FailureClassifier.isTransient(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(FailureClassifier.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(FailureClassifier.isTransient(new SQLException("duplicate key value", "23505"))).isFalse();
        assertThat(FailureClassifier.isTransient(new DataIntegrityViolationException("duplicate"))).isFalse();
    }

    @Test
    void mongoUnreachableOrElectingIsTransient() {
        assertThat(FailureClassifier.isTransient(new MongoTimeoutException("no server selected"))).isTrue();
        assertThat(FailureClassifier.isTransient(new MongoSocketReadTimeoutException("read timed out", new ServerAddress(), null))).isTrue();
        assertThat(FailureClassifier.isTransient(new MongoNotPrimaryException(new BsonDocument(), new ServerAddress()))).isTrue();
    }

    @Test
    void kafkaRetriableAndNetworkTimeoutsAreTransient() {
        assertThat(FailureClassifier.isTransient(new org.apache.kafka.common.errors.TimeoutException("metadata"))).isTrue();
        assertThat(FailureClassifier.isTransient(new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moved"))).isTrue();
        assertThat(FailureClassifier.isTransient(new ConnectException("refused"))).isTrue();
        assertThat(FailureClassifier.isTransient(new CompletionException(new java.util.concurrent.TimeoutException()))).isTrue();
    }

    @Test
    void reactorsBlockingReadTimeoutIsTransientButOtherIllegalStatesAreNot() {
        IllegalStateException timeout = null;
        try {
            Mono.never().block(Duration.ofMillis(1));
        } catch (IllegalStateException e) {
            timeout = e;
        }
        assertThat(FailureClassifier.isTransient(timeout)).isTrue();
        assertThat(FailureClassifier.isTransient(new IllegalStateException("no such procedure step"))).isFalse();
    }

    @Test
    void theCauseChainIsWalkedThroughTheListenerWrappers() {
        BatchListenerFailedException batch = new BatchListenerFailedException("record 2 failed",
                new RuntimeException("handler", new DataAccessResourceFailureException("mongo away")), 2);
        assertThat(FailureClassifier.isTransient(new ListenerExecutionFailedException("listener failed", batch))).isTrue();

        BatchListenerFailedException bug = new BatchListenerFailedException("record 2 failed", new NullPointerException(), 2);
        assertThat(FailureClassifier.isTransient(new ListenerExecutionFailedException("listener failed", bug))).isFalse();
        assertThat(FailureClassifier.isTransient(new BatchListenerFailedException("bad", new IllegalArgumentException(),
                new ConsumerRecord<>("t", 0, 0, "k", "v")))).isFalse();
    }

    @Test
    void anUnknownFailureIsPermanentAndACyclicChainEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(FailureClassifier.isTransient(a)).isFalse();
        assertThat(FailureClassifier.isTransient(new IllegalArgumentException("unknown procedure"))).isFalse();
        assertThat(FailureClassifier.isTransient(null)).isFalse();
    }
}
