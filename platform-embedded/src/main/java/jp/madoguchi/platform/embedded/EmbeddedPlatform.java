package jp.madoguchi.platform.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jp.madoguchi.platform.embedded.line.LineEmulator;

/**
 * Everything a Madoguchi service needs around it, started in this JVM with no installed servers:
 * Kafka, PostgreSQL, a Mongo-wire server and the LINE emulator, with their data under one directory.
 * For development, the local launcher and tests; production uses real servers.
 */
public final class EmbeddedPlatform implements AutoCloseable {

    /** Ports of the four servers; 0 means any free port. */
    public record Ports(int kafka, int postgres, int mongo, int lineEmulator) {

        /** Free ports: for tests, so that several runs can share a machine. */
        public static Ports random() {
            return new Ports(0, 0, 0, 0);
        }

        /** Fixed ports for the local launcher, away from the servers' usual ports so real ones can run alongside. */
        public static Ports defaults() {
            return new Ports(19092, 15432, 27027, 8090);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPlatform.class);

    private final KafkaBroker kafka;
    private final PostgresServer postgres;
    private final MongoWireServer mongo;
    private final LineEmulator lineEmulator;

    private EmbeddedPlatform(KafkaBroker kafka, PostgresServer postgres, MongoWireServer mongo, LineEmulator lineEmulator) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.mongo = mongo;
        this.lineEmulator = lineEmulator;
    }

    /**
     * Starts all parts, keeping data in {@code dataDir}/kafka, /postgres and /mongo. A restart on the same
     * directory finds the data again. If any part fails to start, the parts already started are stopped.
     */
    public static EmbeddedPlatform start(Path dataDir, Ports ports) {
        return start(dataDir, ports, true);
    }

    /**
     * @param shutdownHooks let each server stop itself when the JVM exits. The launcher passes false:
     *                      its own hook stops the services first and the servers after them, where
     *                      separate hooks would race and leave services retrying against stopped servers.
     */
    public static EmbeddedPlatform start(Path dataDir, Ports ports, boolean shutdownHooks) {
        QuietLogging.apply();
        long started = System.nanoTime();
        Path dir = dataDir.toAbsolutePath();
        // The three servers are independent and each spends most of its start waiting (I/O, child
        // processes, Kafka's controller election), so starting them together saves seconds even on 2 cores.
        ExecutorService starter = Executors.newFixedThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "embedded-platform-start");
            thread.setDaemon(true);
            return thread;
        });
        List<AutoCloseable> startedParts = new ArrayList<>();
        try {
            CompletableFuture<PostgresServer> postgres = startAsync(starter,
                    () -> PostgresServer.start(dir.resolve("postgres"), ports.postgres(), shutdownHooks));
            CompletableFuture<KafkaBroker> kafka = startAsync(starter,
                    () -> KafkaBroker.start(dir.resolve("kafka"), ports.kafka(), shutdownHooks));
            CompletableFuture<MongoWireServer> mongo = startAsync(starter,
                    () -> MongoWireServer.start(dir.resolve("mongo").resolve("read-models.h2"), ports.mongo()));
            List<Throwable> failures = new ArrayList<>();
            KafkaBroker k = await(kafka, startedParts, failures);
            PostgresServer p = await(postgres, startedParts, failures);
            MongoWireServer m = await(mongo, startedParts, failures);
            if (!failures.isEmpty()) {
                IllegalStateException failure = new IllegalStateException("embedded platform did not start", failures.get(0));
                failures.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
            LineEmulator line = LineEmulator.start(ports.lineEmulator());
            EmbeddedPlatform platform = new EmbeddedPlatform(k, p, m, line);
            log.info("event=embedded_platform_started dir={} kafka={} postgres={} mongo={} line={} ms={}", dir,
                    k.bootstrapServers(), p.port(), m.connectionString(), line.baseUrl(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return platform;
        } catch (RuntimeException | Error e) {
            // Reverse order, like close(): nothing of a half-started platform may keep running.
            for (int i = startedParts.size() - 1; i >= 0; i--) {
                closeQuietly(startedParts.get(i), e);
            }
            throw e;
        } finally {
            starter.shutdown();
        }
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public MongoWireServer mongo() {
        return mongo;
    }

    public LineEmulator lineEmulator() {
        return lineEmulator;
    }

    /**
     * The Spring properties that point a service at this platform, using PostgreSQL database {@code database}
     * (create it first with {@code postgres().createDatabaseIfMissing}). Pass them with a precedence above the
     * service's application.yml, e.g. as {@code --key=value} arguments or system properties.
     */
    public Map<String, String> springProperties(String database) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("spring.datasource.url", postgres.jdbcUrl(database));
        properties.put("spring.datasource.username", postgres.username());
        properties.put("spring.datasource.password", postgres.password());
        properties.put("spring.data.mongodb.uri", mongo.connectionString());
        properties.put("madoguchi.line.api-base-url", lineEmulator.baseUrl());
        return properties;
    }

    /** Stops the parts in reverse order of dependence; one failing to stop does not keep the others running. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable part : List.<AutoCloseable>of(lineEmulator, mongo, postgres, kafka)) {
            try {
                part.close();
            } catch (Exception e) {
                log.warn("event=embedded_part_stop_failed part={} error={}", part.getClass().getSimpleName(), e.toString());
                if (failure == null) {
                    failure = new IllegalStateException("embedded platform did not stop cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static <T> CompletableFuture<T> startAsync(ExecutorService executor, Supplier<T> start) {
        return CompletableFuture.supplyAsync(start, executor);
    }

    private static <T extends AutoCloseable> T await(CompletableFuture<T> future, List<AutoCloseable> started,
            List<Throwable> failures) {
        try {
            T part = future.join();
            started.add(part);
            return part;
        } catch (CompletionException e) {
            failures.add(e.getCause() == null ? e : e.getCause());
            return null;
        }
    }

    private static void closeQuietly(AutoCloseable part, Throwable primary) {
        try {
            part.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
