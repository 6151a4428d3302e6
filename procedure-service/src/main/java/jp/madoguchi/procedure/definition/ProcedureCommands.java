package jp.madoguchi.procedure.definition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.messaging.ReactiveCommands;
import jp.madoguchi.platform.security.ApiProblems;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends a command to a procedure and turns the outcome into HTTP: the handler's result, 404 for a
 * procedure never created, 409 for a duplicate or a state conflict, 400 listing each problem.
 */
@Component
class ProcedureCommands {

    private final ReactiveCommands commands;

    ProcedureCommands(ReactiveCommands commands) {
        this.commands = commands;
    }

    <R> Mono<R> send(ProcedureId procedure, Object command, String invalidTitle) {
        return commands.<R>send(procedure.tenant(), command)
                .onErrorMap(e -> ReactiveCommands.causedBy(e, AggregateNotFoundException.class), e -> notFound(procedure))
                .onErrorMap(ProcedureRuleViolation.class, e -> ApiProblems.invalid(invalidTitle, detail(e), problems(e.problems())))
                .onErrorMap(ProcedureStateConflict.class, e -> ApiProblems.of(HttpStatus.CONFLICT, "Procedure state conflict", e.getMessage()))
                .onErrorMap(ReactiveCommands::isDuplicateCreate, e -> ApiProblems.of(HttpStatus.CONFLICT, "Procedure exists",
                        "procedure " + procedure.slug() + " already exists in town " + procedure.tenant()
                                + "; edit its draft (PUT /api/towns/" + procedure.tenant() + "/procedures/" + procedure.slug()
                                + "/draft) or choose another procedureId"));
    }

    static RuntimeException notFound(ProcedureId procedure) {
        return ApiProblems.of(HttpStatus.NOT_FOUND, "Unknown procedure", "town " + procedure.tenant() + " has no procedure "
                + procedure.slug() + "; create it first (POST /api/towns/" + procedure.tenant() + "/procedures)");
    }

    static List<Map<String, String>> problems(List<FlowProblem> problems) {
        return problems.stream().map(p -> {
            Map<String, String> line = new HashMap<>();
            line.put("stepId", p.stepId());
            line.put("message", p.message());
            return line;
        }).toList();
    }

    private static String detail(ProcedureRuleViolation e) {
        boolean aboutSteps = e.problems().stream().anyMatch(p -> p.stepId() != null);
        return aboutSteps
                ? "the flow has " + e.problems().size() + " problem(s); fix each listed step (see problems) and try again"
                : e.getMessage();
    }
}
