package jp.madoguchi.conversation.richmenu;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.madoguchi.conversation.shelter.DisasterMode;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.security.StaffPrincipal;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.http.HttpStatus;
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
 * {@code PUT /api/towns/{tenantId}/disaster-mode} (admin) {on: true|false} switches 災害モード (see {@link DisasterMenus});
 * {@code GET} answers the current mode (every role).
 */
@RestController
class DisasterModeController {

    private static final String PATH = "/api/towns/{tenantId}/disaster-mode";

    /** The request body. */
    public record DisasterModeBody(Boolean on) {
    }

    private final DisasterMenus menus;
    private final DisasterMode mode;

    DisasterModeController(DisasterMenus menus, DisasterMode mode) {
        this.menus = menus;
        this.mode = mode;
    }

    @PutMapping(PATH)
    @PreAuthorize("hasRole('ADMIN')")
    public Mono<Map<String, Object>> put(TenantId tenantId, @RequestBody DisasterModeBody body, @AuthenticationPrincipal Jwt jwt) {
        if (body == null || body.on() == null) {
            throw ApiProblems.of(HttpStatus.BAD_REQUEST, "Disaster mode not changed", "「on」に true（災害モードにする）か false（もとに戻す）を入れてください。");
        }
        String by = StaffPrincipal.from(jwt).subject();
        return Mono.fromCallable(() -> body(menus.switchTo(tenantId, body.on(), by)))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(e -> !(e instanceof org.springframework.web.ErrorResponseException), e -> ApiProblems.of(HttpStatus.BAD_GATEWAY,
                        "Disaster mode not changed", "LINEがリッチメニューを受け付けませんでした（" + e.getClass().getSimpleName()
                                + "）。災害モードは変わっていません。もう一度お試しください。"));
    }

    @GetMapping(PATH)
    @PreAuthorize("hasAnyRole('ADMIN','STAFF','VIEWER')")
    public Mono<Map<String, Object>> get(TenantId tenantId) {
        return Mono.fromCallable(() -> body(mode.state(tenantId))).subscribeOn(Schedulers.boundedElastic());
    }

    private static Map<String, Object> body(DisasterMode.State state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("on", state.on());
        body.put("richMenuId", state.richMenuId());
        body.put("changedAt", state.changedAt() == null ? null : state.changedAt().toString());
        body.put("changedBy", state.changedBy());
        return body;
    }
}
