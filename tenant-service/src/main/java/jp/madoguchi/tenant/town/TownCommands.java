package jp.madoguchi.tenant.town;

import java.util.concurrent.CompletionException;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.tenancy.TenantContext;
import jp.madoguchi.platform.tenancy.TenantId;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
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

    private final CommandGateway commands;

    TownCommands(CommandGateway commands) {
        this.commands = commands;
    }

    Mono<ResponseEntity<Void>> send(TenantId tenant, Object command, String invalidTitle) {
        // The publisher requires the tenant on every event; commands carry it and events inherit it.
        return Mono.fromFuture(() -> commands.send(GenericCommandMessage.asCommandMessage(command).withMetaData(TenantContext.metaData(tenant))))
                .onErrorMap(e -> e instanceof CompletionException && e.getCause() != null, Throwable::getCause)
                .then(Mono.just(ResponseEntity.noContent().<Void>build()))
                .onErrorMap(e -> causedBy(e, AggregateNotFoundException.class), e -> notOnboarded(tenant))
                .onErrorMap(TownRuleViolation.class, e -> ApiProblems.invalid(invalidTitle, e.problems()));
    }

    static RuntimeException notOnboarded(TenantId tenant) {
        return ApiProblems.of(HttpStatus.NOT_FOUND, "Unknown town",
                "town " + tenant.code() + " is not onboarded; ask the vendor to onboard it (POST /api/operator/towns) first");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
