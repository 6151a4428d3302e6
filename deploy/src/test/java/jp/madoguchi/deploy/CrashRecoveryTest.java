package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.platform.embedded.line.LineWebhookBodies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the whole launcher right after LINE got its 200s loses nothing: after a restart on
 * the same data the friend count holds every acknowledged follow exactly once, and LINE
 * redelivering one of them does not count it twice.
 */
class CrashRecoveryTest {

    @TempDir
    Path data;

    @Test
    void acknowledgedFollowsSurviveKillMinus9AndCountOnce() throws Exception {
        int offset = LocalPlatform.randomPortOffset();
        LocalPlatform local = new LocalPlatform(offset, data);

        Process first = launch(offset);
        List<String> users = new ArrayList<>();
        List<String> eventIds = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                users.add(LineWebhookBodies.newUserId());
                eventIds.add(LineWebhookBodies.newWebhookEventId());
                assertThat(local.postFollow(users.get(i), "expired-token-" + i, eventIds.get(i), false)).isEqualTo(200);
            }
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            first.waitFor(30, TimeUnit.SECONDS);
        }

        Process second = launch(offset);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> local.friends() == 5);
            assertThat(local.postFollow(users.get(0), "expired-token-0", eventIds.get(0), true)).isEqualTo(200);
            Thread.sleep(3000); // give a wrongly counted redelivery time to show
            assertThat(local.friends()).isEqualTo(5);
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
            if (second.isAlive()) {
                second.destroyForcibly();
            }
        }
    }

    private Process launch(int offset) throws IOException, InterruptedException {
        return LauncherProcess.start("crash-recovery", data, offset, null, List.of());
    }
}
