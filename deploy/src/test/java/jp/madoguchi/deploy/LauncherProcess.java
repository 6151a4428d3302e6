package jp.madoguchi.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The launcher in a JVM of its own (the test's classpath), for the crash tests: they kill it with SIGKILL
 * ({@link Process#destroyForcibly()}) and start it again on the same data. Its whole output goes to
 * {@code target/<name>-launcher-<millis>.log} for a failure's diagnosis; lines about failed sends are echoed.
 */
final class LauncherProcess {

    private LauncherProcess() {
    }

    /**
     * @param lineApi     the LINE API the services call (an emulator in the test's JVM, which outlives the crash), or null for the embedded one
     * @param systemProps extra {@code -D} settings for the launcher's JVM
     */
    static Process start(String name, Path data, int offset, String lineApi, List<String> systemProps) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx900m", "-XX:+UseSerialGC", "-Daxoniq.update-checker.disabled=true"));
        command.addAll(systemProps);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Launcher.class.getName(),
                "--data-dir=" + data, "--port-offset=" + offset));
        if (lineApi != null) {
            command.add("--line-api=" + lineApi);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        List<String> tail = new ArrayList<>();
        Path log = Path.of("target", name + "-launcher-" + System.currentTimeMillis() + ".log");
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 var file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String l; (l = out.readLine()) != null; ) {
                    file.write(l);
                    file.newLine();
                    file.flush();
                    synchronized (tail) {
                        tail.add(l);
                        if (tail.size() > 60) {
                            tail.remove(0);
                        }
                    }
                    if (l.contains("Madoguchi is running")) {
                        ready.countDown();
                    }
                    if (l.contains("line-send-uncertain") || l.contains("line-send-failed") || l.contains("broadcast-chunk-failed")) {
                        System.out.println("launcher: " + l);
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        }, "launcher-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            synchronized (tail) {
                throw new AssertionError("launcher did not start; last output:\n" + String.join("\n", tail));
            }
        }
        return process;
    }

    /** Stops it cleanly, or kills it when it does not stop within a minute. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        process.waitFor(60, TimeUnit.SECONDS);
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
