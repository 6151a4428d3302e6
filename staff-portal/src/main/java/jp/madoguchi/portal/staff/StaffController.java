package jp.madoguchi.portal.staff;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.madoguchi.portal.auth.PortalUser;
import jp.madoguchi.portal.web.ServiceClient;
import jp.madoguchi.portal.web.ServiceException;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * 職員管理 (admins): the town's staff, inviting a member (the invitation code is shown once, to be
 * handed over), changing a role and disabling an account.
 */
@Controller
class StaffController {

    public record StaffMember(String staffId, String loginId, String displayName, String role, String status) {

        public String roleLabel() {
            return PortalUser.roleLabel(role);
        }

        public String statusLabel() {
            if (status == null) {
                return "";
            }
            return switch (status.toUpperCase(java.util.Locale.ROOT)) {
                case "ACTIVE" -> "利用中";
                case "INVITED" -> "招待中";
                case "DISABLED" -> "停止";
                default -> status;
            };
        }

        public boolean disabled() {
            return "DISABLED".equalsIgnoreCase(status);
        }
    }

    public record Invitation(String staffId, String invitationCode) {

        @Override
        public String toString() {
            return "Invitation[staffId=" + staffId + "]";
        }
    }

    private static final ParameterizedTypeReference<List<StaffMember>> STAFF = new ParameterizedTypeReference<>() {
    };
    private static final List<String> ROLES = List.of("admin", "staff", "viewer");

    private final ServiceClient services;

    public StaffController(ServiceClient services) {
        this.services = services;
    }

    @GetMapping("/staff")
    public Mono<String> staff(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String saved,
                              WebSession session, Model model) {
        if ("role".equals(saved)) {
            model.addAttribute("notice", "役割を変更しました。");
        } else if ("disabled".equals(saved)) {
            model.addAttribute("notice", "アカウントを停止しました。");
        }
        return page(user, session, model);
    }

    private Mono<String> page(PortalUser user, WebSession session, Model model) {
        return services.get(session, ServiceClient.Service.TENANT, STAFF, "/api/towns/{tenantId}/staff", user.tenantId())
                .map(staff -> {
                    model.addAttribute("staff", staff);
                    model.addAttribute("roles", ROLES.stream().map(r -> Map.of("value", r, "label", PortalUser.roleLabel(r))).toList());
                    return "portal/staff";
                });
    }

    @PostMapping("/staff/invitations")
    public Mono<String> invite(@AuthenticationPrincipal PortalUser user, ServerWebExchange exchange, WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("loginId", strip(form.getFirst("loginId")));
            body.put("displayName", strip(form.getFirst("displayName")));
            body.put("role", strip(form.getFirst("role")));
            return services.send(session, HttpMethod.POST, body, Invitation.class, "/api/towns/{tenantId}/staff/invitations", user.tenantId())
                    .flatMap(invitation -> {
                        // Rendered, not redirected: the code must not end up in a URL or the browser's history.
                        model.addAttribute("invitation", invitation);
                        model.addAttribute("invitedLoginId", body.get("loginId"));
                        model.addAttribute("invitedName", body.get("displayName"));
                        return page(user, session, model);
                    })
                    .onErrorResume(e -> e instanceof ServiceException se && se.rejected(), e -> {
                        model.addAttribute("error", "招待できませんでした。" + detail((ServiceException) e));
                        model.addAttribute("form", body);
                        return page(user, session, model);
                    });
        });
    }

    @PostMapping("/staff/{staffId}/role")
    public Mono<String> changeRole(@AuthenticationPrincipal PortalUser user, @PathVariable String staffId, ServerWebExchange exchange,
                                   WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> change(user, session, model, "role",
                services.send(session, HttpMethod.PUT, Map.of("role", String.valueOf(form.getFirst("role"))), Void.class,
                        "/api/towns/{tenantId}/staff/{staffId}/role", user.tenantId(), staffId)));
    }

    @PostMapping("/staff/{staffId}/disable")
    public Mono<String> disable(@AuthenticationPrincipal PortalUser user, @PathVariable String staffId, WebSession session, Model model) {
        return change(user, session, model, "disabled",
                services.send(session, HttpMethod.POST, null, Void.class, "/api/towns/{tenantId}/staff/{staffId}/disable", user.tenantId(), staffId));
    }

    private Mono<String> change(PortalUser user, WebSession session, Model model, String what, Mono<Void> change) {
        return change.then(Mono.just("redirect:/staff?saved=" + what))
                .onErrorResume(e -> e instanceof ServiceException se && se.rejected(), e -> {
                    model.addAttribute("error", "変更できませんでした。" + detail((ServiceException) e));
                    return page(user, session, model);
                });
    }

    private static String detail(ServiceException e) {
        return e.detail() == null ? "" : "（" + e.detail() + "）";
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }
}
