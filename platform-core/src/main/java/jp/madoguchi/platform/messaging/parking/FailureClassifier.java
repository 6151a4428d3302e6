package jp.madoguchi.platform.messaging.parking;

import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure that may pass by itself (infrastructure unreachable, busy or timing out: retry without limit)
 * from one that will fail the same way every time (a bug, a payload nobody can handle: retry a few times, then
 * park). Pure, so that it is tested on its own. Anything not known to be transient counts as permanent: a
 * transient failure taken for permanent gets parked and can be replayed; a permanent one taken for transient
 * would hold its partition for ever.
 */
final class FailureClassifier {

    private static final List<Class<? extends Throwable>> TRANSIENT_TYPES = List.of(
            // Spring's translation of JDBC and other stores; CannotGetJdbcConnectionException is a resource failure
            TransientDataAccessException.class,
            DataAccessResourceFailureException.class,
            RecoverableDataAccessException.class,
            CannotCreateTransactionException.class,
            // raw JDBC
            SQLTransientException.class,
            SQLRecoverableException.class,
            // Mongo: no server selected in time, connection lost, an election under way
            MongoTimeoutException.class,
            MongoSocketException.class,
            MongoNotPrimaryException.class,
            MongoNodeIsRecoveringException.class,
            // Kafka: its TimeoutException, NotLeaderOrFollowerException, ... are RetriableExceptions
            RetriableException.class,
            // the network and timeouts in general
            ConnectException.class,
            NoRouteToHostException.class,
            UnknownHostException.class,
            SocketTimeoutException.class,
            HttpTimeoutException.class,
            java.util.concurrent.TimeoutException.class);

    /** What reactor's {@code block(Duration)} throws when the time runs out. */
    private static final String BLOCKING_READ_TIMEOUT = "Timeout on blocking read";

    /** Mongo labels an error that a retry may get past (a primary stepping down, a dropped connection). */
    private static final Set<String> MONGO_RETRY_LABELS = Set.of("RetryableWriteError", MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);

    private FailureClassifier() {
    }

    /** Whether {@code failure}, or anything in its cause chain (through listener wrappers), is transient. */
    public static boolean isTransient(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (isTransientItself(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransientItself(Throwable t) {
        for (Class<? extends Throwable> type : TRANSIENT_TYPES) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        if (t instanceof SQLException sql && isTransientSqlState(sql.getSQLState())) {
            return true;
        }
        if (t instanceof MongoException mongo && MONGO_RETRY_LABELS.stream().anyMatch(mongo::hasErrorLabel)) {
            return true;
        }
        return t instanceof IllegalStateException && t.getMessage() != null && t.getMessage().startsWith(BLOCKING_READ_TIMEOUT);
    }

    /**
     * SQLSTATE classes that say "try again": 08 connection exception, 53 insufficient resources (e.g. too many
     * connections), 57P0x PostgreSQL shutting down or starting, 40001/40P01 serialization failure and deadlock.
     */
    static boolean isTransientSqlState(String state) {
        if (state == null || state.length() != 5) {
            return false;
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || state.equals("40001") || state.equals("40P01");
    }
}
