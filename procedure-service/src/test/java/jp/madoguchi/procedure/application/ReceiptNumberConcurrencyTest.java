package jp.madoguchi.procedure.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.tenancy.TenantContext;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.procedure.application.ApplicationMessages.SubmitApplication;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Receipt numbers against the real PostgreSQL: parallel submissions of one town never share or skip a number. */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=procedure-service")
class ReceiptNumberConcurrencyTest {

    private static final Logger log = LoggerFactory.getLogger(ReceiptNumberConcurrencyTest.class);
    private static final TenantId ENBETSU = TenantId.of("014877");
    private static final int SUBMISSIONS = 50;

    @Autowired
    CommandGateway commands;

    @Autowired
    ApplicationQueue queue;

    @Test
    void fiftyParallelSubmissionsGetFiftyConsecutiveNumbers() throws Exception {
        Instant completedAt = Instant.parse("2026-06-01T03:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        long started = System.nanoTime();
        try {
            List<CompletableFuture<Object>> sent = IntStream.range(0, SUBMISSIONS)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> submit("conv-" + UUID.randomUUID(), completedAt), pool))
                    .toList();
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdown();
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        log.info("event=receipt-concurrency submissions={} threads=16 millis={}", SUBMISSIONS, millis);

        List<String> numbers = awaitQueue(SUBMISSIONS).items().stream().map(ApplicationQueue.Summary::receiptNumber).sorted().toList();
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= SUBMISSIONS; n++) {
            expected.add(String.format("2026-%06d", n));
        }
        assertThat(numbers).containsExactlyElementsOf(expected);

        // the fiscal year before counts on its own: 31 March 23:00 in Tokyo
        submit("conv-" + UUID.randomUUID(), Instant.parse("2026-03-31T14:00:00Z"));
        assertThat(awaitQueue(SUBMISSIONS + 1).items()).extracting(ApplicationQueue.Summary::receiptNumber).contains("2025-000001");
    }

    private Object submit(String conversationId, Instant completedAt) {
        SubmitApplication command = new SubmitApplication(ApplicationIds.fromConversation(ENBETSU, conversationId), ENBETSU.code(),
                conversationId, ENBETSU.code() + ":LINE:U1", "LINE", "U1", "water-start", 1, Map.of("startDate", "2026-06-10"), List.of(),
                completedAt);
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).withMetaData(TenantContext.metaData(ENBETSU)));
    }

    private ApplicationQueue.Page awaitQueue(int expected) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        ApplicationQueue.Filter all = new ApplicationQueue.Filter(null, null, null, null, null);
        while (true) {
            ApplicationQueue.Page page = queue.find(ENBETSU, all, 0, 200).block(Duration.ofSeconds(10));
            // the items, not the total: the page counts and lists in two concurrent queries, so the count can be ahead
            if (page.items().size() >= expected) {
                return page;
            }
            assertThat(Instant.now()).as("%d applications in the queue in time, have %d", expected, page.items().size()).isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
