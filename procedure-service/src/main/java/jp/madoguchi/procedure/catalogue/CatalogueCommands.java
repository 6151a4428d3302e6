package jp.madoguchi.procedure.catalogue;

import jp.madoguchi.platform.messaging.ReactiveCommands;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.procedure.definition.ProcedureRuleViolation;
import jp.madoguchi.procedure.definition.ProcedureStateConflict;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends catalogue commands (and the procedure commands an import makes) on behalf of a town, and turns
 * refusals into problem details: 400 for a rule, 409 for a state conflict or an id already used, 404
 * for a template never shared.
 */
@Component
class CatalogueCommands {

    private final ReactiveCommands commands;

    CatalogueCommands(ReactiveCommands commands) {
        this.commands = commands;
    }

    /** @param tenant the town acting: the events carry it, and the publisher needs it */
    <R> Mono<R> send(TenantId tenant, Object command, String duplicateDetail) {
        return commands.<R>send(tenant, command)
                .onErrorMap(e -> ReactiveCommands.causedBy(e, AggregateNotFoundException.class),
                        e -> ApiProblems.of(HttpStatus.NOT_FOUND, "Not found", "nothing to act on: " + e.getMessage()))
                .onErrorMap(TemplateRuleViolation.class, e -> ApiProblems.of(HttpStatus.BAD_REQUEST, "Invalid template request", e.getMessage()))
                .onErrorMap(TemplateStateConflict.class, e -> ApiProblems.of(HttpStatus.CONFLICT, "Template state conflict", e.getMessage()))
                .onErrorMap(ProcedureRuleViolation.class, e -> ApiProblems.of(HttpStatus.BAD_REQUEST, "Invalid procedure draft", e.getMessage()))
                .onErrorMap(ProcedureStateConflict.class, e -> ApiProblems.of(HttpStatus.CONFLICT, "Procedure state conflict", e.getMessage()))
                .onErrorMap(ReactiveCommands::isDuplicateCreate, e -> ApiProblems.of(HttpStatus.CONFLICT, "Already exists", duplicateDetail));
    }
}
