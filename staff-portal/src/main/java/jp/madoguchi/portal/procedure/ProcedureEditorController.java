package jp.madoguchi.portal.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.madoguchi.portal.PortalProperties;
import jp.madoguchi.portal.auth.PortalUser;
import jp.madoguchi.portal.web.ServiceClient;
import jp.madoguchi.portal.web.ServiceClient.Service;
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
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * 手続きの編集: one procedure's draft. The editor's form carries the whole draft; 保存 replaces the draft with
 * one PUT, チェック and 公開する save first when the form differs from the saved draft, and the problems
 * procedure-service finds are shown beside the steps they are about. Viewers see the draft read-only.
 */
@Controller
class ProcedureEditorController {

    private static final ParameterizedTypeReference<List<ProcedureSummary>> SUMMARIES = new ParameterizedTypeReference<>() {
    };
    /** The read model is a moment behind a write: a draft just created is looked for this long. */
    private static final Retry UNTIL_VISIBLE = Retry.fixedDelay(25, Duration.ofMillis(200))
            .filter(e -> e instanceof ServiceException se && se.status() == 404)
            .onRetryExhaustedThrow((spec, signal) -> signal.failure());

    private final ServiceClient services;
    private final PortalProperties props;

    public ProcedureEditorController(ServiceClient services, PortalProperties props) {
        this.services = services;
        this.props = props;
    }

    @GetMapping("/procedures/{procedureId}/edit")
    public Mono<String> editor(@AuthenticationPrincipal PortalUser user, @PathVariable String procedureId,
                               @RequestParam(required = false) String created, WebSession session, Model model) {
        Mono<JsonNode> draft = services.get(session, Service.PROCEDURE, JsonNode.class, "/api/towns/{tenantId}/procedures/{procedureId}/draft",
                user.tenantId(), procedureId);
        if (created != null) {
            draft = draft.retryWhen(UNTIL_VISIBLE);
            model.addAttribute("notice", "下書きを作成しました。ステップを編集して「保存」してください。");
        }
        return draft.flatMap(json -> {
            EditorDocument doc = EditorDocument.fromJson(procedureId, json);
            return summary(user, session, procedureId, doc.title()).map(summary ->
                    editorPage(user, model, doc, summary, doc.fingerprint(), List.of()));
        });
    }

    @PostMapping("/procedures/{procedureId}/edit")
    public Mono<String> edit(@AuthenticationPrincipal PortalUser user, @PathVariable String procedureId, ServerWebExchange exchange,
                             WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> {
            EditorDocument doc = EditorDocument.fromForm(procedureId, form);
            String op = strip(form.getFirst("op"));
            String saved = strip(form.getFirst("savedFingerprint"));
            return summary(user, session, procedureId, doc.title()).flatMap(summary -> switch (verb(op)) {
                case "add" -> Mono.just(editorPage(user, model, doc.add(strip(form.getFirst("newType"))), summary, saved, List.of()));
                case "up" -> Mono.just(editorPage(user, model, doc.move(index(op), -1), summary, saved, List.of()));
                case "down" -> Mono.just(editorPage(user, model, doc.move(index(op), 1), summary, saved, List.of()));
                case "remove" -> Mono.just(editorPage(user, model, doc.remove(index(op)), summary, saved, List.of()));
                case "save", "check", "publish" -> saveThen(verb(op), user, session, model, doc, summary, saved);
                default -> Mono.just(editorPage(user, model, doc, summary, saved, List.of()));
            });
        });
    }

    /** Saves the form when it differs from the saved draft (a PUT is a new draft version), then checks or publishes. */
    private Mono<String> saveThen(String action, PortalUser user, WebSession session, Model model, EditorDocument doc,
                                  ProcedureSummary summary, String savedFingerprint) {
        List<String[]> local = new ArrayList<>();
        ObjectNode body = doc.toJson(local);
        if (!local.isEmpty()) {
            model.addAttribute("error", "入力に誤りがあります。各ステップの表示を確かめてください。");
            return Mono.just(editorPage(user, model, doc, summary, savedFingerprint, local));
        }
        String fingerprint = doc.fingerprint();
        boolean changed = !fingerprint.equals(savedFingerprint);
        Mono<Void> save = changed || action.equals("save")
                ? services.send(session, Service.PROCEDURE, HttpMethod.PUT, null, body, Void.class,
                "/api/towns/{tenantId}/procedures/{procedureId}/draft", user.tenantId(), doc.procedureId())
                : Mono.empty();
        ProcedureSummary afterSave = changed ? summary.afterSaving() : summary;
        return save.then(Mono.defer(() -> switch (action) {
                    case "check" -> services.send(session, Service.PROCEDURE, HttpMethod.POST, null, null, JsonNode.class,
                                    "/api/towns/{tenantId}/procedures/{procedureId}/check", user.tenantId(), doc.procedureId())
                            .map(result -> {
                                List<String[]> problems = problems(result);
                                model.addAttribute(problems.isEmpty() ? "notice" : "error", problems.isEmpty()
                                        ? "チェックしました。問題はありません。公開できます。"
                                        : "チェックしました。" + problems.size() + "件の問題があります。各ステップの表示を確かめてください。");
                                return editorPage(user, model, doc, afterSave, fingerprint, problems);
                            });
                    case "publish" -> services.send(session, Service.PROCEDURE, HttpMethod.POST, null, null, JsonNode.class,
                                    "/api/towns/{tenantId}/procedures/{procedureId}/publish", user.tenantId(), doc.procedureId())
                            .map(published -> {
                                int version = published.path("version").asInt();
                                model.addAttribute("notice", "第" + version + "版として公開しました。住民が使えるようになりました。");
                                return editorPage(user, model, doc, afterSave.afterPublishing(version), fingerprint, List.of());
                            })
                            .onErrorResume(e -> e instanceof ServiceException se && se.status() == 400, e -> {
                                List<String[]> problems = problems(((ServiceException) e).problem());
                                model.addAttribute("error", "公開できません。" + (problems.isEmpty() ? detail((ServiceException) e)
                                        : problems.size() + "件の問題を直してください。"));
                                return Mono.just(editorPage(user, model, doc, afterSave, fingerprint, problems));
                            })
                            .onErrorResume(e -> e instanceof ServiceException se && se.status() == 409, e -> {
                                model.addAttribute("error", summary.latestVersion() > 0 && !"RETIRED".equals(summary.status())
                                        ? "前回公開した版（第" + summary.latestVersion() + "版）から変更がないため、公開しませんでした。"
                                        : "この手続きは公開できません。" + detail((ServiceException) e));
                                return Mono.just(editorPage(user, model, doc, afterSave, fingerprint, List.of()));
                            });
                    default -> {
                        model.addAttribute("notice", "下書きを保存しました。");
                        yield Mono.just(editorPage(user, model, doc, afterSave, fingerprint, List.of()));
                    }
                }))
                .onErrorResume(e -> e instanceof ServiceException se && se.rejected() && se.status() != 404, e -> {
                    ServiceException se = (ServiceException) e;
                    List<String[]> problems = problems(se.problem());
                    model.addAttribute("error", "保存できませんでした。" + detail(se));
                    return Mono.just(editorPage(user, model, doc, summary, savedFingerprint, problems));
                });
    }

    private String editorPage(PortalUser user, Model model, EditorDocument doc, ProcedureSummary summary, String savedFingerprint,
                              List<String[]> problems) {
        Map<String, List<String>> byStep = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        List<String> ids = doc.stepIds();
        for (String[] p : problems) {
            if (p[0] != null && ids.contains(p[0])) {
                byStep.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p[1]);
            } else {
                general.add(p[1]);
            }
        }
        model.addAttribute("doc", doc);
        model.addAttribute("summary", summary);
        model.addAttribute("savedFingerprint", savedFingerprint);
        model.addAttribute("unsaved", !doc.fingerprint().equals(savedFingerprint));
        model.addAttribute("stepProblems", byStep);
        model.addAttribute("generalProblems", general);
        model.addAttribute("types", StepTypes.ALL);
        model.addAttribute("canEdit", !user.isViewer());
        model.addAttribute("previewUrl", props.conversationServiceUrl().resolve("/chat/" + user.tenantId()) + "?procedure="
                + UriUtils.encodeQueryParam(doc.procedureId(), StandardCharsets.UTF_8));
        return "portal/procedure-editor";
    }

    /** The list's line for this procedure; a procedure just created may not be listed yet. */
    private Mono<ProcedureSummary> summary(PortalUser user, WebSession session, String procedureId, String title) {
        return services.get(session, Service.PROCEDURE, SUMMARIES, "/api/towns/{tenantId}/procedures", user.tenantId())
                .map(all -> all.stream().filter(s -> procedureId.equals(s.procedureId())).findFirst()
                        .orElse(ProcedureSummary.fresh(procedureId, title)));
    }

    /** {@code problems: [{stepId, message}]} of a check result or a 400 problem detail. */
    static List<String[]> problems(JsonNode json) {
        List<String[]> list = new ArrayList<>();
        for (JsonNode p : json.path("problems")) {
            JsonNode step = p.path("stepId");
            list.add(new String[]{step.isTextual() ? step.asText() : null, p.path("message").asText("")});
        }
        return list;
    }

    private static String verb(String op) {
        int colon = op.indexOf(':');
        return colon < 0 ? op : op.substring(0, colon);
    }

    private static int index(String op) {
        try {
            return Integer.parseInt(op.substring(op.indexOf(':') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String detail(ServiceException e) {
        return e.detail() == null ? "" : "（" + e.detail() + "）";
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }
}
