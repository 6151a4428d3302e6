package jp.madoguchi.platform.security;

import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The platform's route rule on a real WebFlux service with the real auto-configuration: a
 * route someone adds outside {@code /api/towns/{tenantId}} and {@code /api/operator} is refused
 * to everyone, so forgetting a tenant check cannot leak one town's data to another.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(classes = RouteIsolationTest.SomeService.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=route-isolation-test", "axon.axonserver.enabled=false"})
class RouteIsolationTest {

    private static final String A = "014834";
    private static final String B = "014842";

    @SpringBootApplication
    @RestController
    static class SomeService {

        /** The mistake the rule guards against: a list of every town's applications, with no town in the path. */
        @GetMapping("/api/applications")
        String everyTownsApplications() {
            return "all applications";
        }

        @GetMapping("/api/towns/{tenantId}/notes")
        String notes(@PathVariable String tenantId) {
            return "notes of " + tenantId;
        }

        @GetMapping("/api/operator/overview")
        String overview() {
            return "overview";
        }
    }

    @Autowired
    WebTestClient http;

    @Test
    void aRouteWithoutATownInItsPathIsRefusedEvenToAValidToken() {
        as(EmbeddedPlatformExtension.tokens().town(A, Role.ADMIN)).get().uri("/api/applications").exchange().expectStatus().isForbidden();
        as(EmbeddedPlatformExtension.tokens().operator()).get().uri("/api/applications").exchange().expectStatus().isForbidden();
    }

    @Test
    void aTownsTokenOpensOnlyItsOwnTownsPaths() {
        as(EmbeddedPlatformExtension.tokens().town(A, Role.VIEWER)).get().uri("/api/towns/{t}/notes", A).exchange()
                .expectStatus().isOk().expectBody(String.class).isEqualTo("notes of " + A);
        as(EmbeddedPlatformExtension.tokens().town(A, Role.ADMIN)).get().uri("/api/towns/{t}/notes", B).exchange()
                .expectStatus().isForbidden();
        as(EmbeddedPlatformExtension.tokens().operator()).get().uri("/api/towns/{t}/notes", A).exchange().expectStatus().isForbidden();
        http.get().uri("/api/towns/{t}/notes", A).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void operatorPathsAreForOperatorsOnly() {
        as(EmbeddedPlatformExtension.tokens().operator()).get().uri("/api/operator/overview").exchange().expectStatus().isOk();
        as(EmbeddedPlatformExtension.tokens().town(A, Role.ADMIN)).get().uri("/api/operator/overview").exchange().expectStatus().isForbidden();
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        as(jp.madoguchi.platform.embedded.StaffTokens.generate().town(A, Role.ADMIN)).get().uri("/api/towns/{t}/notes", A).exchange()
                .expectStatus().isUnauthorized();
    }

    private WebTestClient as(String token) {
        return http.mutate().defaultHeaders(h -> h.setBearerAuth(token)).build();
    }
}
