package jp.madoguchi.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB wire-protocol server (mongo-java-server) for read models in development and tests.
 * Not MongoDB: no sessions or transactions, no geospatial queries, non-unique indexes are ignored.
 */
public final class MongoWireServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MongoWireServer.class);

    private final MongoServer server;
    private final MongoBackend backend;
    private final String connectionString;

    private MongoWireServer(MongoServer server, MongoBackend backend, InetSocketAddress address) {
        this.server = server;
        this.backend = backend;
        this.connectionString = "mongodb://localhost:" + address.getPort();
    }

    /**
     * @param h2FileOrNull the H2 file that keeps the data across restarts, or null for memory only
     * @param port the port, 0 for a free one
     */
    public static MongoWireServer start(Path h2FileOrNull, int port) {
        QuietLogging.apply();
        long started = System.nanoTime();
        MongoBackend backend = h2FileOrNull == null ? new MemoryBackend() : fileBackend(h2FileOrNull);
        // Deliberately no backend.version(...): the 5.x driver refuses the 3.6/4.0 wire versions.
        MongoServer server = new MongoServer(backend);
        // No oplog: nothing here uses change streams, and it would write (and scan) one more document per write.
        try {
            server.bind("localhost", port);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        MongoWireServer started2 = new MongoWireServer(server, backend, server.getLocalAddress());
        log.info("event=mongo_started uri={} file={} ms={}", started2.connectionString, h2FileOrNull,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return started2;
    }

    public String connectionString() {
        return connectionString;
    }

    /** Closes connections and the backend; the H2 backend writes its pending changes on close. */
    @Override
    public void close() {
        try {
            server.shutdownNow();
        } finally {
            backend.close();
        }
    }

    private static MongoBackend fileBackend(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory for " + absolute, e);
        }
        return new IdIndexedH2Backend(absolute.toString());
    }
}
