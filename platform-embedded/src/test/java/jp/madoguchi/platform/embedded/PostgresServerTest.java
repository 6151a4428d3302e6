package jp.madoguchi.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {

    @Test
    void keepsDataAcrossRestartOnTheSameDirectory(@TempDir Path dir) throws Exception {
        try (PostgresServer server = PostgresServer.start(dir, 0)) {
            server.createDatabaseIfMissing("town");
            server.createDatabaseIfMissing("town"); // second call is a no-op
            execute(server, "town", "CREATE TABLE resident (id varchar(20) PRIMARY KEY)");
            execute(server, "town", "INSERT INTO resident VALUES ('U1')");
        }
        try (PostgresServer restarted = PostgresServer.start(dir, 0)) {
            assertThat(strings(restarted, "town", "SELECT id FROM resident")).containsExactly("U1");
        }
    }

    @Test
    void startsAfterTheOwningJvmWasKilledLeavingThePostmasterRunning(@TempDir Path dir) throws Exception {
        Process child = startChild(dir, "hang");
        child.destroyForcibly(); // SIGKILL: no shutdown hooks run
        child.waitFor(10, TimeUnit.SECONDS);
        Optional<Long> orphan = OrphanedPostmaster.postmasterPid(dir);
        assertThat(orphan).as("the killed JVM leaves its postmaster behind").isPresent();

        try (PostgresServer server = PostgresServer.start(dir, 0)) {
            assertThat(ProcessHandle.of(orphan.get()).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
            assertThat(strings(server, "child", "SELECT text FROM note")).containsExactly("written before the crash");
        }
    }

    @Test
    void stopsThePostmasterWhenTheJvmExitsWithoutClosing(@TempDir Path dir) throws Exception {
        Process child = startChild(dir, "exit");
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(OrphanedPostmaster.postmasterPid(dir)).isEmpty();
    }

    @Test
    void refusesADataDirectoryThisJvmAlreadyUses(@TempDir Path dir) {
        try (PostgresServer server = PostgresServer.start(dir, 0)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PostgresServer.start(dir, 0))
                    .hasMessageContaining("in use");
        }
    }

    private static Process startChild(Path dir, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), PostgresChildMain.class.getName(), dir.toString(), mode)
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals("READY")) {
                // Keep draining so the child never blocks on a full pipe.
                Thread drain = new Thread(() -> out.lines().forEach(ignored -> { }));
                drain.setDaemon(true);
                drain.start();
                return child;
            }
            lines.add(line);
        }
        throw new AssertionError("child exited before READY: " + String.join("\n", lines));
    }

    private static void execute(PostgresServer server, String db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(db), server.username(), server.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> strings(PostgresServer server, String db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(db), server.username(), server.password());
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
