package jp.madoguchi.conversation.richmenu;

import java.net.URI;
import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.security.StaffPrincipal;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code PUT /api/towns/{tenantId}/rich-menu} (admin) {areas: [{label, action: {type, procedureId?, url?}}]}
 * → 200 {richMenuId}; {@code GET} → the current mapping, 404 when none was set.
 */
@RestController
class RichMenuController {

    /** The request body. */
    public record RichMenuBody(List<RichMenus.Area> areas) {
    }

    private final RichMenus menus;

    public RichMenuController(RichMenus menus) {
        this.menus = menus;
    }

    @PutMapping("/api/towns/{tenantId}/rich-menu")
    @PreAuthorize("hasRole('ADMIN')")
    public Mono<ResponseEntity<Object>> put(TenantId tenantId, @RequestBody RichMenuBody body,
                                            @AuthenticationPrincipal Jwt jwt) {
        List<String> problems = RichMenus.problems(body == null ? null : body.areas());
        if (!problems.isEmpty()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, String.join("; ", problems));
            problem.setTitle("Rich menu rejected");
            problem.setProperty("problems", problems);
            return Mono.just(ResponseEntity.badRequest().body(problem));
        }
        String by = StaffPrincipal.from(jwt).subject();
        return Mono.fromCallable(() -> menus.apply(tenantId, body.areas(), by))
                .subscribeOn(Schedulers.boundedElastic())
                .map(id -> ResponseEntity.ok().<Object>body(Map.of("richMenuId", id)))
                .onErrorResume(IllegalStateException.class, e -> Mono.just(problem(HttpStatus.CONFLICT, e.getMessage()
                        + ". Register the town's LINE channel first (PUT /api/towns/" + tenantId + "/line-channel).")))
                .onErrorResume(e -> !(e instanceof IllegalStateException), e -> Mono.just(problem(HttpStatus.BAD_GATEWAY,
                        "LINE did not accept the rich menu (" + e.getClass().getSimpleName() + "). Try again; nothing was changed for residents.")));
    }

    @GetMapping("/api/towns/{tenantId}/rich-menu")
    public Mono<ResponseEntity<Object>> get(TenantId tenantId) {
        return Mono.fromCallable(() -> menus.current(tenantId))
                .subscribeOn(Schedulers.boundedElastic())
                .map(current -> current.<ResponseEntity<Object>>map(c -> ResponseEntity.ok(c))
                        .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "No rich menu has been set for town " + tenantId
                                + ". Set one with PUT /api/towns/" + tenantId + "/rich-menu.")));
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle("Rich menu");
        problem.setType(URI.create("about:blank"));
        return ResponseEntity.status(status).body(problem);
    }
}
