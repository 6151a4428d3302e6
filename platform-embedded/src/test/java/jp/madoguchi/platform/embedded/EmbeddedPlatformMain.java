package jp.madoguchi.platform.embedded;

import java.nio.file.Files;
import java.nio.file.Path;

/** Measures how long the platform takes to start and how much memory it holds: {@code EmbeddedPlatformMain <dataDir>}. */
public final class EmbeddedPlatformMain {

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(Path.of(args[0]), EmbeddedPlatform.Ports.random())) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            platform.postgres().createDatabaseIfMissing("madoguchi");
            System.gc();
            String rss = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("?");
            System.out.println("STARTED ms=" + ms + " jvm " + rss.replaceAll("\\s+", " "));
            if (args.length > 1) {
                Thread.sleep(Long.parseLong(args[1]));
            }
        }
        System.out.println("CLOSED total_ms=" + (System.nanoTime() - t0) / 1_000_000);
    }
}
