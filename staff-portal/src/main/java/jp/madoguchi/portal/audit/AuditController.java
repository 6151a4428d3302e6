package jp.madoguchi.portal.audit;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import jp.madoguchi.portal.auth.PortalUser;
import jp.madoguchi.portal.web.ServiceClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/** 操作ログ (admins): who did what in the town, newest first, a page at a time. */
@Controller
class AuditController {

    static final int PAGE_SIZE = 50;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss").withZone(ZoneId.of("Asia/Tokyo"));

    public record Entry(Instant at, String service, String actor, String actorName, String role, String action, String target,
                        String outcome, Integer status) {

        public String when() {
            return at == null ? "" : WHEN.format(at);
        }

        public String roleLabel() {
            return PortalUser.roleLabel(role);
        }

        public boolean refused() {
            return status != null && status >= 400;
        }
    }

    public record Page(List<Entry> items, int page, int size, long total) {

        public List<Entry> items() {
            return items == null ? List.of() : items;
        }

        public long pages() {
            return size <= 0 ? 1 : Math.max(1, (total + size - 1) / size);
        }

        public boolean hasPrevious() {
            return page > 0;
        }

        public boolean hasNext() {
            return (long) (page + 1) * size < total;
        }
    }

    private final ServiceClient services;

    public AuditController(ServiceClient services) {
        this.services = services;
    }

    @GetMapping("/audit")
    public Mono<String> audit(@AuthenticationPrincipal PortalUser user, @RequestParam(defaultValue = "0") int page,
                              WebSession session, Model model) {
        int p = Math.max(0, page);
        return services.get(session, ServiceClient.Service.TENANT, Page.class, "/api/towns/{tenantId}/audit-log?page={page}&size={size}",
                        user.tenantId(), p, PAGE_SIZE)
                .map(log -> {
                    model.addAttribute("log", log);
                    return "portal/audit";
                });
    }
}
