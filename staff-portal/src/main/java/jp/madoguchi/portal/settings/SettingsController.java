package jp.madoguchi.portal.settings;

import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.fiscal.FiscalYear;
import jp.madoguchi.portal.auth.PortalUser;
import jp.madoguchi.portal.web.ServiceClient;
import jp.madoguchi.portal.web.ServiceException;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * 設定: the town's KPI targets per fiscal year, districts, features and LINE channel. Only admins
 * see the forms; every change goes to tenant-service for the signed-in member's own town.
 */
@Controller
class SettingsController {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(ZoneId.of("Asia/Tokyo"));

    private static final Map<String, String> SAVED = Map.of(
            "kpi-targets", "KPI目標を保存しました。",
            "districts", "地区を保存しました。",
            "features", "機能の設定を保存しました。",
            "line-channel", "LINE チャネルを保存しました。シークレットとアクセストークンは表示されません。");

    private final ServiceClient services;
    private final Clock clock;

    public SettingsController(ServiceClient services, Clock clock) {
        this.services = services;
        this.clock = clock;
    }

    @GetMapping("/settings")
    public Mono<String> settings(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String saved,
                                 @RequestParam(required = false) String fiscalYear, WebSession session, Model model) {
        if (saved != null && SAVED.containsKey(saved)) {
            model.addAttribute("notice", SAVED.get(saved));
        }
        return page(user, session, model, FiscalYear.parse(fiscalYear, clock).year());
    }

    private Mono<String> page(PortalUser user, WebSession session, Model model, int fiscalYear) {
        return services.get(session, ServiceClient.Service.TENANT, Town.class, "/api/towns/{tenantId}", user.tenantId())
                .map(town -> {
                    model.addAttribute("town", town);
                    model.addAttribute("fiscalYear", fiscalYear);
                    model.addAttribute("fiscalYears", FiscalYear.current(clock).choices());
                    model.addAttribute("targets", town.targetsFor(fiscalYear));
                    model.addAttribute("allFeatures", allFeatures(town));
                    model.addAttribute("districtText", districtText(town));
                    model.addAttribute("channelConfiguredAt", town.lineChannel() == null || town.lineChannel().configuredAt() == null
                            ? null : WHEN.format(town.lineChannel().configuredAt()));
                    return "portal/settings";
                });
    }

    @PostMapping("/settings/kpi-targets")
    public Mono<String> kpiTargets(@AuthenticationPrincipal PortalUser user, ServerWebExchange exchange, WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> {
            int year = FiscalYear.parse(form.getFirst("fiscalYear"), clock).year();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("friends", number(form, "friends"));
            body.put("broadcasts", number(form, "broadcasts"));
            body.put("applications", number(form, "applications"));
            body.put("satisfaction", decimal(form, "satisfaction"));
            return save(user, session, model, year, "kpi-targets",
                    services.send(session, HttpMethod.PUT, body, Void.class, "/api/towns/{tenantId}/kpi-targets/{fiscalYear}", user.tenantId(), year));
        });
    }

    @PostMapping("/settings/districts")
    public Mono<String> districts(@AuthenticationPrincipal PortalUser user, ServerWebExchange exchange, WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> {
            List<Map<String, String>> districts = new ArrayList<>();
            String text = form.getFirst("districts");
            for (String line : (text == null ? "" : text).split("\\R")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                String[] parts = trimmed.split("[\\s,、]+", 2);
                districts.add(Map.of("code", parts[0], "name", parts.length > 1 ? parts[1].strip() : ""));
            }
            return save(user, session, model, FiscalYear.current(clock).year(), "districts",
                    services.send(session, HttpMethod.PUT, districts, Void.class, "/api/towns/{tenantId}/districts", user.tenantId()));
        });
    }

    @PostMapping("/settings/features")
    public Mono<String> features(@AuthenticationPrincipal PortalUser user, ServerWebExchange exchange, WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> {
            List<String> features = form.getOrDefault("features", List.of());
            return save(user, session, model, FiscalYear.current(clock).year(), "features",
                    services.send(session, HttpMethod.PUT, Map.of("features", features), Void.class, "/api/towns/{tenantId}/features", user.tenantId()));
        });
    }

    @PostMapping("/settings/line-channel")
    public Mono<String> lineChannel(@AuthenticationPrincipal PortalUser user, ServerWebExchange exchange, WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("channelId", strip(form.getFirst("channelId")));
            body.put("channelSecret", strip(form.getFirst("channelSecret")));
            body.put("channelAccessToken", strip(form.getFirst("channelAccessToken")));
            return save(user, session, model, FiscalYear.current(clock).year(), "line-channel",
                    services.send(session, HttpMethod.PUT, body, Void.class, "/api/towns/{tenantId}/line-channel", user.tenantId()));
        });
    }

    /** htmx: asks tenant-service whether LINE accepts the stored token; the answer replaces the result box. */
    @PostMapping("/settings/line-channel/check")
    public Mono<String> checkChannel(@AuthenticationPrincipal PortalUser user, WebSession session, Model model) {
        return services.send(session, HttpMethod.POST, null, ChannelCheck.class, "/api/towns/{tenantId}/line-channel/check", user.tenantId())
                .map(check -> {
                    model.addAttribute("check", check);
                    return "portal/fragments/channel-check :: result";
                })
                .onErrorResume(e -> e instanceof ServiceException se && !se.forbidden(), e -> {
                    model.addAttribute("check", new ChannelCheck(false, null,
                            ((ServiceException) e).rejected() && ((ServiceException) e).detail() != null
                                    ? ((ServiceException) e).detail() : "確認できませんでした。しばらくしてからお試しください。"));
                    return Mono.just("portal/fragments/channel-check :: result");
                });
    }

    public record ChannelCheck(boolean ok, String botDisplayName, String problem) {
    }

    /** Saved: back to the page with a notice. Refused for a reason staff can fix: the page again, with the reason. */
    private Mono<String> save(PortalUser user, WebSession session, Model model, int fiscalYear, String what, Mono<Void> change) {
        return change.then(Mono.just("redirect:/settings?saved=" + what + (what.equals("kpi-targets") ? "&fiscalYear=" + fiscalYear : "")))
                .onErrorResume(e -> e instanceof ServiceException se && se.rejected(), e -> {
                    model.addAttribute("error", "保存できませんでした。" + detail((ServiceException) e));
                    return page(user, session, model, fiscalYear);
                });
    }

    static String detail(ServiceException e) {
        return e.detail() == null ? "" : "（" + e.detail() + "）";
    }

    private static List<Map<String, Object>> allFeatures(Town town) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> on = town.features();
        for (Feature f : Feature.ALL) {
            rows.add(Map.of("key", f.key(), "label", f.label(), "on", on.contains(f.key())));
        }
        for (String key : on) {
            if (Feature.ALL.stream().noneMatch(f -> f.key().equals(key))) {
                rows.add(Map.of("key", key, "label", key, "on", true));
            }
        }
        return rows;
    }

    private static String districtText(Town town) {
        StringBuilder text = new StringBuilder();
        town.districts().forEach(d -> text.append(d.code()).append(' ').append(d.name()).append('\n'));
        return text.toString();
    }

    private static Object number(MultiValueMap<String, String> form, String field) {
        String value = strip(form.getFirst(field));
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value.replace(",", ""));
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static Object decimal(MultiValueMap<String, String> form, String field) {
        String value = strip(form.getFirst(field));
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }
}
