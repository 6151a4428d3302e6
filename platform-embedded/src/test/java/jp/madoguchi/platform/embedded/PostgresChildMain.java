package jp.madoguchi.platform.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Runs a PostgresServer in a separate JVM so tests can kill that JVM (orphaning the postmaster)
 * or let it exit without closing the server. Prints READY once a row is committed.
 */
public final class PostgresChildMain {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String mode = args[1];
        PostgresServer server = PostgresServer.start(dir, 0);
        server.createDatabaseIfMissing("child");
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("child"), server.username(), server.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS note (text varchar(100))");
            s.execute("INSERT INTO note VALUES ('written before the crash')");
        }
        System.out.println("READY");
        System.out.flush();
        if (mode.equals("exit")) {
            System.exit(0); // without close(): the shutdown hook must stop the postmaster
        }
        Thread.sleep(Long.MAX_VALUE); // until killed
    }
}
