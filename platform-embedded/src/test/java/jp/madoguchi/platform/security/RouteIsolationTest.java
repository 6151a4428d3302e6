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
        properties = {"spring.application.name=route-isolation-test", "axon.axonserver.enabled=false",
                "madoguchi.security.public-paths=/public/**"})
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

        /** The route's town as a typed, checked parameter (see {@link TenantIdArgumentResolver}). */
        @GetMapping({"/api/towns/{tenantId}/typed-notes", "/api/operator/towns/{tenantId}/typed-notes", "/public/towns/{tenantId}/typed-notes"})
        String typedNotes(jp.madoguchi.platform.tenancy.TenantId tenant) {
            return "notes of " + tenant.code();
        }

        @GetMapping("/api/towns/{tenantId}/refusal")
        String refusal(jp.madoguchi.platform.tenancy.TenantId tenant) {
            throw ApiProblems.of(org.springframework.http.HttpStatus.CONFLICT, "Not now", "town " + tenant + " cannot do that yet");
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

    @Test
    void aTenantIdParameterIsTheRoutesTownAndNeverAnotherTownsToken() {
        as(EmbeddedPlatformExtension.tokens().town(A, Role.VIEWER)).get().uri("/api/towns/{t}/typed-notes", A).exchange()
                .expectStatus().isOk().expectBody(String.class).isEqualTo("notes of " + A);
        as(EmbeddedPlatformExtension.tokens().town(A, Role.ADMIN)).get().uri("/api/towns/{t}/typed-notes", B).exchange()
                .expectStatus().isForbidden();
        // an operator names the town in the path of an operator route
        as(EmbeddedPlatformExtension.tokens().operator()).get().uri("/api/operator/towns/{t}/typed-notes", B).exchange()
                .expectStatus().isOk().expectBody(String.class).isEqualTo("notes of " + B);
        as(EmbeddedPlatformExtension.tokens().operator()).get().uri("/api/operator/towns/{t}/typed-notes", "014835").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.title").isEqualTo("Invalid tenant id").jsonPath("$.problems[0]").isNotEmpty();
        // a route declared public elsewhere still refuses another town's token
        as(EmbeddedPlatformExtension.tokens().town(A, Role.ADMIN)).get().uri("/public/towns/{t}/typed-notes", B).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.title").isEqualTo("Another town");
        http.get().uri("/public/towns/{t}/typed-notes", B).exchange().expectStatus().isOk();
    }

    @Test
    void aProblemThrownByAControllerIsWrittenAsAProblemDetailWithItsStatus() {
        as(EmbeddedPlatformExtension.tokens().town(A, Role.VIEWER)).get().uri("/api/towns/{t}/refusal", A).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.title").isEqualTo("Not now").jsonPath("$.detail").isEqualTo("town " + A + " cannot do that yet");
    }

    private WebTestClient as(String token) {
        return http.mutate().defaultHeaders(h -> h.setBearerAuth(token)).build();
    }
}
