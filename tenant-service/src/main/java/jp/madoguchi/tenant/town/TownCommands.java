package jp.madoguchi.tenant.town;

import jp.madoguchi.platform.messaging.ReactiveCommands;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.tenancy.TenantId;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends a command to an existing town and turns the outcome into HTTP: 204, 404 for a town never
 * onboarded, 400 listing each broken rule. Shared by the settings and operator controllers.
 */
@Component
class TownCommands {

    private final ReactiveCommands commands;

    TownCommands(ReactiveCommands commands) {
        this.commands = commands;
    }

    Mono<ResponseEntity<Void>> send(TenantId tenant, Object command, String invalidTitle) {
        return commands.send(tenant, command)
                .then(Mono.just(ResponseEntity.noContent().<Void>build()))
                .onErrorMap(e -> ReactiveCommands.causedBy(e, AggregateNotFoundException.class), e -> notOnboarded(tenant))
                .onErrorMap(TownRuleViolation.class, e -> ApiProblems.invalid(invalidTitle, e.problems()));
    }

    static RuntimeException notOnboarded(TenantId tenant) {
        return ApiProblems.of(HttpStatus.NOT_FOUND, "Unknown town",
                "town " + tenant.code() + " is not onboarded; ask the vendor to onboard it (POST /api/operator/towns) first");
    }
}
