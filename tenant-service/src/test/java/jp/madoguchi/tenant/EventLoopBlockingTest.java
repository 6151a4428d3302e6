package jp.madoguchi.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * BlockHound watches the service's own request threads: a handler that blocks on the Netty event loop is
 * stopped there (so any test that reaches such code fails), and the same work on the bounded worker passes.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=tenant-service")
class EventLoopBlockingTest {

    @Autowired
    WebTestClient http;

    @Test
    void aHandlerThatBlocksTheEventLoopIsStoppedByBlockHound() {
        String answer = asOperator().get().uri("/api/operator/test/block-on-loop").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        // the request's thread: a Netty event loop, or Reactor's parallel worker where the security chain resumes
        assertThat(answer).matches("refused on (reactor-http-nio|parallel)-\\d+: Blocking call! java\\.lang\\.Thread\\.sleep");
    }

    @Test
    void theSameWorkOnTheBoundedWorkerIsAllowed() {
        asOperator().get().uri("/api/operator/test/block-on-worker").exchange()
                .expectStatus().isOk().expectBody(String.class).isEqualTo("slept on a worker");
    }

    private WebTestClient asOperator() {
        return http.mutate().defaultHeaders(h -> h.setBearerAuth(EmbeddedPlatformExtension.tokens().operator())).build();
    }

    @TestConfiguration
    static class BlockingRoutes {
        @Bean
        RouterFunction<ServerResponse> blockingRoutes() {
            return RouterFunctions.route()
                    .GET("/api/operator/test/block-on-loop", request -> {
                        try {
                            sleep();
                            return ServerResponse.ok().bodyValue("slept on " + Thread.currentThread().getName());
                        } catch (BlockingOperationError e) {
                            return ServerResponse.ok().bodyValue("refused on " + Thread.currentThread().getName() + ": " + e.getMessage());
                        }
                    })
                    .GET("/api/operator/test/block-on-worker", request -> Mono.fromRunnable(EventLoopBlockingTest::sleep)
                            .subscribeOn(Schedulers.boundedElastic())
                            .then(ServerResponse.ok().bodyValue("slept on a worker")))
                    .build();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
