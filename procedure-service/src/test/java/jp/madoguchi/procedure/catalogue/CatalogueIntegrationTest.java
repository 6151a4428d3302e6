package jp.madoguchi.procedure.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.security.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The catalogue over HTTP against the embedded platform: 苫前町 shares a published procedure, 羽幌町
 * finds it, imports it, sees 「更新あり」 with the difference once version 2 is shared, and takes it.
 * A template exposes only definition fields; another town's path is refused.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=procedure-service")
class CatalogueIntegrationTest {

    private static final String A = "014834";
    private static final String B = "014842";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Everything a template may show: its identity, where it came from, and the procedure's definition. */
    private static final Set<String> DEFINITION_FIELDS = Set.of("templateId", "version", "versions", "title", "description", "tags",
            "sourceTown", "tenantId", "name", "publishedAt", "definition", "procedureId", "fees", "firstStepId", "steps", "type", "id",
            "prompt", "next", "field", "label", "options", "value", "display", "branches", "whenAnswer", "goTo", "minLength", "maxLength",
            "pattern", "patternHint", "required", "min", "max", "integerOnly", "unit", "earliestDays", "latestDays", "minSelections",
            "maxSelections", "minPhotos", "maxPhotos", "confirmLabel", "code", "unitFeeYen", "quantityField");

    @Autowired
    WebTestClient http;

    @Test
    void aTownSharesAProcedureAnotherImportsItAndTakesTheNextVersion() throws Exception {
        String slug = "cat-water";
        String templateId = A + ":" + slug;
        as(A, Role.STAFF).post().uri("/api/towns/{t}/procedure-templates/water/use?procedureId={p}", A, slug).exchange().expectStatus().isCreated();
        // sharing a procedure never published is refused with what to do
        as(A, Role.STAFF).post().uri("/api/towns/{t}/procedures/{p}/share", A, slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"description\":\"水道の開始と中止\",\"tags\":[\"水道\"]}").exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("publish " + slug + " first"));
        as(A, Role.STAFF).post().uri("/api/towns/{t}/procedures/{p}/publish", A, slug).exchange().expectStatus().isOk();
        // a viewer cannot share
        as(A, Role.VIEWER).post().uri("/api/towns/{t}/procedures/{p}/share", A, slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"description\":\"x\"}").exchange().expectStatus().isForbidden();
        int shared = await(() -> share(A, slug, "{\"description\":\"引っ越しの水道の開始と中止を受け付けます。\",\"tags\":[\"水道\",\"引っ越し\"]}"),
                status -> status != 409);
        assertThat(shared).isEqualTo(201);

        // 羽幌町 searches by a word of a prompt and by tag, and views the template
        await(() -> get(B, "/catalogue"), list -> list.findValuesAsText("templateId").contains(templateId));
        JsonNode found = get(B, "/catalogue?q=" + "水道料金を支払う");
        assertThat(found.findValuesAsText("templateId")).contains(templateId);
        assertThat(get(B, "/catalogue?tag=" + "引っ越し").findValuesAsText("templateId")).contains(templateId);
        assertThat(get(B, "/catalogue?q=" + "存在しない言葉").findValuesAsText("templateId")).doesNotContain(templateId);
        JsonNode template = get(B, "/catalogue/" + templateId);
        assertThat(template.path("version").asInt()).isEqualTo(1);
        assertThat(template.path("sourceTown").path("tenantId").asText()).isEqualTo(A);
        assertThat(fieldNames(template)).as("a template has only definition fields").isSubsetOf(DEFINITION_FIELDS);

        // re-sharing the same version is a conflict
        assertThat(share(A, slug, "{\"description\":\"もう一度\"}")).isEqualTo(409);

        // 羽幌町 imports it under its own id; its own path only
        as(B, Role.STAFF).post().uri("/api/towns/{t}/catalogue/{id}/import", A, templateId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isForbidden();
        as(B, Role.STAFF).post().uri("/api/towns/{t}/catalogue/{id}/import", B, templateId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"procedureId\":\"water-haboro\"}").exchange()
                .expectStatus().isCreated().expectHeader().location("/api/towns/" + B + "/procedures/water-haboro/draft")
                .expectBody().jsonPath("$.version").isEqualTo(1).jsonPath("$.sourceTown.tenantId").isEqualTo(A);
        // the source town cannot import its own template
        as(A, Role.STAFF).post().uri("/api/towns/{t}/catalogue/{id}/import", A, templateId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"procedureId\":\"other\"}").exchange().expectStatus().isBadRequest();
        JsonNode imports = await(() -> get(B, "/catalogue/imports"), list -> list.size() > 0);
        assertThat(imports.get(0).path("status").asText()).isEqualTo("最新");
        assertThat(get(B, "/catalogue/updates")).isEmpty();

        // 苫前町 publishes version 2 with a changed prompt and shares it again
        String draft = as(A, Role.STAFF).get().uri("/api/towns/{t}/procedures/{p}/draft", A, slug).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        String edited = draft.replace("昼間に連絡がとれる", "日中に連絡がつく");
        assertThat(edited).isNotEqualTo(draft);
        as(A, Role.STAFF).put().uri("/api/towns/{t}/procedures/{p}/draft", A, slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(edited).exchange().expectStatus().isNoContent();
        as(A, Role.STAFF).post().uri("/api/towns/{t}/procedures/{p}/publish", A, slug).exchange().expectStatus().isOk();
        assertThat(await(() -> share(A, slug, "{\"description\":\"電話番号の聞き方を変えました。\",\"tags\":[\"水道\"]}"), s -> s != 409)).isEqualTo(201);

        JsonNode updates = await(() -> get(B, "/catalogue/updates"), list -> list.size() > 0);
        assertThat(updates.get(0).path("status").asText()).isEqualTo("更新あり");
        assertThat(updates.get(0).path("importedVersion").asInt()).isEqualTo(1);
        assertThat(updates.get(0).path("latestVersion").asInt()).isEqualTo(2);
        assertThat(updates.get(0).path("differences").findValuesAsText("text")).anySatisfy(t -> assertThat(t).contains("文言を変更しました"));

        as(B, Role.STAFF).post().uri("/api/towns/{t}/catalogue/{id}/take-update", B, templateId).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.version").isEqualTo(2);
        // the draft is read from the read model, a moment behind the command
        await(() -> as(B, Role.STAFF).get().uri("/api/towns/{t}/procedures/water-haboro/draft", B).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(), d -> d.contains("日中に連絡がつく電話番号"));
        await(() -> get(B, "/catalogue/updates"), list -> list.isEmpty());
        as(B, Role.STAFF).post().uri("/api/towns/{t}/catalogue/{id}/take-update", B, templateId).exchange().expectStatus().isEqualTo(409);
        // another town's catalogue path is refused even for reading
        as(A, Role.VIEWER).get().uri("/api/towns/{t}/catalogue/updates", B).exchange().expectStatus().isForbidden();
    }

    private int share(String town, String slug, String body) {
        return as(town, Role.STAFF).post().uri("/api/towns/{t}/procedures/{p}/share", town, slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().returnResult(String.class).getStatus().value();
    }

    private JsonNode get(String town, String path) {
        String body = as(town, Role.VIEWER).get().uri("/api/towns/" + town + path).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(body, e);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                names.add(name);
                names.addAll(fieldNames(node.get(name)));
            }
        } else if (node.isArray()) {
            node.forEach(n -> names.addAll(fieldNames(n)));
        }
        return names;
    }

    private WebTestClient as(String town, Role role) {
        String token = EmbeddedPlatformExtension.tokens().town(town, role);
        return http.mutate().defaultHeaders(h -> h.setBearerAuth(token)).build();
    }

    private static <T> T await(Supplier<T> read, Predicate<T> ready) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            T value = read.get();
            if (ready.test(value)) {
                return value;
            }
            assertThat(Instant.now()).as("read model caught up in time").isBefore(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
