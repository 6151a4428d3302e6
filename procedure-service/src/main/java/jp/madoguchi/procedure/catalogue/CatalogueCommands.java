package jp.madoguchi.procedure.catalogue;

import java.util.concurrent.CompletionException;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.tenancy.TenantContext;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.procedure.definition.ProcedureRuleViolation;
import jp.madoguchi.procedure.definition.ProcedureStateConflict;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
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

    private static final String DUPLICATE_MARKER = "Cannot reuse aggregate identifier";

    private final CommandGateway commands;

    CatalogueCommands(CommandGateway commands) {
        this.commands = commands;
    }

    /** @param tenant the town acting: the events carry it, and the publisher needs it */
    <R> Mono<R> send(TenantId tenant, Object command, String duplicateDetail) {
        return Mono.fromFuture(() -> commands.<R>send(GenericCommandMessage.asCommandMessage(command).withMetaData(TenantContext.metaData(tenant))))
                .onErrorMap(e -> e instanceof CompletionException && e.getCause() != null, Throwable::getCause)
                .onErrorMap(e -> causedBy(e, AggregateNotFoundException.class),
                        e -> ApiProblems.of(HttpStatus.NOT_FOUND, "Not found", "nothing to act on: " + e.getMessage()))
                .onErrorMap(TemplateRuleViolation.class, e -> ApiProblems.of(HttpStatus.BAD_REQUEST, "Invalid template request", e.getMessage()))
                .onErrorMap(TemplateStateConflict.class, e -> ApiProblems.of(HttpStatus.CONFLICT, "Template state conflict", e.getMessage()))
                .onErrorMap(ProcedureRuleViolation.class, e -> ApiProblems.of(HttpStatus.BAD_REQUEST, "Invalid procedure draft", e.getMessage()))
                .onErrorMap(ProcedureStateConflict.class, e -> ApiProblems.of(HttpStatus.CONFLICT, "Procedure state conflict", e.getMessage()))
                .onErrorMap(CatalogueCommands::isDuplicateCreate, e -> ApiProblems.of(HttpStatus.CONFLICT, "Already exists", duplicateDetail));
    }

    private static boolean isDuplicateCreate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AggregateStreamCreationException || (t.getMessage() != null && t.getMessage().contains(DUPLICATE_MARKER))) {
                return true;
            }
        }
        return false;
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
