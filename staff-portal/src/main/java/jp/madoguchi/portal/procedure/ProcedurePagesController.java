package jp.madoguchi.portal.procedure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.madoguchi.portal.auth.PortalUser;
import jp.madoguchi.portal.web.ServiceClient;
import jp.madoguchi.portal.web.ServiceClient.Service;
import jp.madoguchi.portal.web.ServiceException;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.server.csrf.CsrfToken;
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

/**
 * 手続き: the town's procedures (list, new, from a built-in template, YAML import/export, retire). The
 * editor of one procedure's draft is {@link ProcedureEditorController}.
 */
@Controller
class ProcedurePagesController {

    private static final ParameterizedTypeReference<List<ProcedureSummary>> SUMMARIES = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<List<Template>> TEMPLATES = new ParameterizedTypeReference<>() {
    };
    private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{2,48}");
    private static final Pattern DRAFT_LOCATION = Pattern.compile("/procedures/([a-z0-9-]+)/draft$");

    /** A built-in template offered by procedure-service. */
    public record Template(String templateId, String title, String description) {
    }

    private final ServiceClient services;

    public ProcedurePagesController(ServiceClient services) {
        this.services = services;
    }

    // ---- 手続き一覧 ----

    @GetMapping("/procedures")
    public Mono<String> list(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String retired,
                             WebSession session, Model model) {
        if (retired != null) {
            model.addAttribute("notice", "手続き「" + retired + "」を廃止しました。");
        }
        return listPage(user, session, model);
    }

    private Mono<String> listPage(PortalUser user, WebSession session, Model model) {
        Mono<List<Template>> templates = user.isViewer() ? Mono.just(List.of())
                : services.get(session, Service.PROCEDURE, TEMPLATES, "/api/towns/{tenantId}/procedure-templates", user.tenantId());
        return services.get(session, Service.PROCEDURE, SUMMARIES, "/api/towns/{tenantId}/procedures", user.tenantId())
                .zipWith(templates)
                .map(both -> {
                    model.addAttribute("procedures", both.getT1());
                    model.addAttribute("templates", both.getT2());
                    model.addAttribute("canEdit", !user.isViewer());
                    model.addAttribute("csrfHeaders", csrfHeaders(model));
                    return "portal/procedures";
                });
    }

    @PostMapping("/procedures")
    public Mono<String> create(@AuthenticationPrincipal PortalUser user, ServerWebExchange exchange, WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> {
            String id = strip(form.getFirst("procedureId"));
            String title = strip(form.getFirst("title"));
            model.addAttribute("createForm", Map.of("procedureId", id, "title", title));
            if (!SLUG.matcher(id).matches()) {
                model.addAttribute("error", "手続きIDは、半角の英小文字・数字・「-」で2〜48文字にしてください。（例：water-start）");
                return listPage(user, session, model);
            }
            if (title.isEmpty()) {
                model.addAttribute("error", "手続きの名前を入力してください。");
                return listPage(user, session, model);
            }
            return services.create(session, Service.PROCEDURE, MediaType.APPLICATION_JSON, starter(id, title),
                            "/api/towns/{tenantId}/procedures", user.tenantId())
                    .then(Mono.just("redirect:/procedures/" + id + "/edit?created=1"))
                    .onErrorResume(e -> rejected(e), e -> {
                        model.addAttribute("error", refusal("作成できませんでした。", (ServiceException) e));
                        return listPage(user, session, model);
                    });
        });
    }

    @PostMapping("/procedures/from-template")
    public Mono<String> fromTemplate(@AuthenticationPrincipal PortalUser user, ServerWebExchange exchange, WebSession session, Model model) {
        return exchange.getFormData().flatMap(form -> {
            String templateId = strip(form.getFirst("templateId"));
            String id = strip(form.getFirst("procedureId"));
            String slug = id.isEmpty() ? templateId : id;
            if (!SLUG.matcher(slug).matches()) {
                model.addAttribute("error", "手続きIDは、半角の英小文字・数字・「-」で2〜48文字にしてください。（例：water-start）");
                return listPage(user, session, model);
            }
            return services.create(session, Service.PROCEDURE, null, null,
                            "/api/towns/{tenantId}/procedure-templates/{templateId}/use?procedureId={procedureId}", user.tenantId(), templateId, slug)
                    .then(Mono.just("redirect:/procedures/" + slug + "/edit?created=1"))
                    .onErrorResume(e -> rejected(e), e -> {
                        model.addAttribute("error", refusal("ひな形から作成できませんでした。", (ServiceException) e));
                        return listPage(user, session, model);
                    });
        });
    }

    /**
     * A YAML (or JSON) file as a new draft. Sent by htmx as multipart with the CSRF token in a header,
     * so the answer is either a redirect to the editor or the message shown beside the form.
     */
    @PostMapping(value = "/procedures/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public Mono<ResponseEntity<String>> importFile(@AuthenticationPrincipal PortalUser user, ServerWebExchange exchange, WebSession session) {
        return exchange.getMultipartData().flatMap(parts -> {
            String id = parts.getFirst("procedureId") instanceof FormFieldPart f ? strip(f.value()) : "";
            if (!id.isEmpty() && !SLUG.matcher(id).matches()) {
                return Mono.just(message("手続きIDは、半角の英小文字・数字・「-」で2〜48文字にしてください。"));
            }
            Part file = parts.getFirst("file");
            if (!(file instanceof FilePart filePart)) {
                return Mono.just(message("読み込むファイルを選んでください。"));
            }
            MediaType type = filePart.filename().toLowerCase(java.util.Locale.ROOT).endsWith(".json")
                    ? MediaType.APPLICATION_JSON : MediaType.parseMediaType("application/yaml");
            return DataBufferUtils.join(filePart.content()).map(buffer -> {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        DataBufferUtils.release(buffer);
                        return bytes;
                    })
                    .flatMap(bytes -> id.isEmpty()
                            ? services.create(session, Service.PROCEDURE, type, bytes, "/api/towns/{tenantId}/procedures/import", user.tenantId())
                            : services.create(session, Service.PROCEDURE, type, bytes,
                            "/api/towns/{tenantId}/procedures/import?procedureId={procedureId}", user.tenantId(), id))
                    .map(location -> {
                        Matcher m = DRAFT_LOCATION.matcher(location.getPath());
                        String created = m.find() ? m.group(1) : id;
                        return ResponseEntity.ok().header("HX-Redirect", "/procedures/" + created + "/edit?created=1").body("");
                    })
                    .onErrorResume(e -> rejected(e), e -> Mono.just(message(refusal("読み込めませんでした。", (ServiceException) e))));
        });
    }

    private static ResponseEntity<String> message(String text) {
        String html = "<div class=\"error\" role=\"alert\">" + org.springframework.web.util.HtmlUtils.htmlEscape(text) + "</div>";
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(html);
    }

    @PostMapping("/procedures/{procedureId}/retire")
    public Mono<String> retire(@AuthenticationPrincipal PortalUser user, @PathVariable String procedureId, WebSession session, Model model) {
        return services.send(session, Service.PROCEDURE, HttpMethod.POST, null, null, Void.class,
                        "/api/towns/{tenantId}/procedures/{procedureId}/retire", user.tenantId(), procedureId)
                .then(Mono.just("redirect:/procedures?retired=" + UriUtils.encodeQueryParam(procedureId, StandardCharsets.UTF_8)));
    }

    @GetMapping("/procedures/{procedureId}/export")
    public Mono<ResponseEntity<byte[]>> export(@AuthenticationPrincipal PortalUser user, @PathVariable String procedureId, WebSession session) {
        return services.download(session, Service.PROCEDURE, "/api/towns/{tenantId}/procedures/{procedureId}/export", user.tenantId(), procedureId)
                .map(file -> ResponseEntity.ok()
                        .contentType(new MediaType("application", "yaml", StandardCharsets.UTF_8))
                        .header(HttpHeaders.CONTENT_DISPOSITION, org.springframework.http.ContentDisposition.attachment()
                                .filename(procedureId + ".yaml").build().toString())
                        .body(file.getBody() == null ? new byte[0] : file.getBody()));
    }

    /** The starter flow of a new procedure: a greeting, the confirmation and the completion. */
    private static ObjectNode starter(String id, String title) {
        ObjectNode doc = EditorDocument.JSON.createObjectNode();
        doc.put("procedureId", id).put("title", title).put("firstStepId", "intro");
        var steps = doc.putArray("steps");
        steps.addObject().put("type", "message").put("id", "intro").put("prompt", title + "の申し込みです。いくつか質問をします。").put("next", "confirm");
        steps.addObject().put("type", "confirm").put("id", "confirm").put("prompt", "入力した内容を確かめてください。").put("next", "done");
        steps.addObject().put("type", "submit").put("id", "done").put("prompt", "申し込みを受け付けました。");
        return doc;
    }

    private static boolean rejected(Throwable e) {
        return e instanceof ServiceException se && se.rejected();
    }

    private static String refusal(String what, ServiceException e) {
        if (e.status() == 409) {
            return what + "この手続きIDはすでに使われています。別のIDにしてください。";
        }
        return what + detail(e);
    }

    private static String detail(ServiceException e) {
        return e.detail() == null ? "" : "（" + e.detail() + "）";
    }

    private static String csrfHeaders(Model model) {
        Object csrf = model.getAttribute("csrf");
        if (!(csrf instanceof CsrfToken token)) {
            return "{}";
        }
        return EditorDocument.JSON.createObjectNode().put(token.getHeaderName(), token.getToken()).toString();
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }
}
