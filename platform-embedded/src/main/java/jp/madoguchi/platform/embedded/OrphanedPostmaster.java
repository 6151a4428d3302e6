package jp.madoguchi.platform.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds and stops the postmaster a killed JVM left running on {@link PostgresServer}'s data directory. */
final class OrphanedPostmaster {

    /** Its lines keep PostgresServer's logger, as before the split. */
    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    /** The file zonky holds a lock on while its JVM owns the data directory. */
    private static final String OWNER_LOCK_FILE = "epg-lock";
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(20);

    private OrphanedPostmaster() {
    }

    /**
     * zonky starts the postmaster through {@code pg_ctl}, so it is not our child: when our JVM is killed
     * with SIGKILL the postmaster keeps running and holds the directory, and the next start would fail.
     * The owner lock tells a live owner (keep away) from a dead one (stop its postmaster).
     */
    static void stop(Path dataDir) throws IOException {
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
