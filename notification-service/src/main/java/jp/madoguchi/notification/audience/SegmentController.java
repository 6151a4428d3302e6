package jp.madoguchi.notification.audience;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.security.StaffPrincipal;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Segments for the town's staff: {@code POST …/segments/count} answers the live size of a definition while it is
 * edited; {@code PUT/GET/DELETE …/segments/{id}} keep named ones. Sizes count current friends only.
 */
@RestController
class SegmentController {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private final ResidentIndex index;
    private final SavedSegments saved;

    SegmentController(ResidentIndex index, SavedSegments saved) {
        this.index = index;
        this.saved = saved;
    }

    @PostMapping("/api/towns/{tenantId}/segments/count")
    Mono<Map<String, Object>> count(TenantId tenant, @RequestBody JsonNode definition) {
        Segment segment = read(definition);
        long started = System.nanoTime();
        return index.count(tenant, segment).map(count -> Map.of("count", count, "micros", (System.nanoTime() - started) / 1000));
    }

    @PutMapping("/api/towns/{tenantId}/segments/{id}")
    Mono<Map<String, Object>> save(TenantId tenant, @PathVariable String id, @RequestBody JsonNode body,
                                   @AuthenticationPrincipal Jwt jwt) {
        if (!ID.matcher(id).matches()) {
            throw ApiProblems.invalid("Invalid segment id", List.of("id: use 1-40 lower-case letters, digits or '-', e.g. school-families"));
        }
        String name = body.path("name").asText("").strip();
        if (name.isEmpty() || name.length() > 60) {
            throw ApiProblems.invalid("Invalid segment", List.of("name: give the segment a name of 1-60 characters, e.g. 小学生のいる世帯"));
        }
        Segment definition = read(body.get("definition"));
        String by = StaffPrincipal.from(jwt).subject();
        return saved.save(tenant, new SavedSegments.Saved(id, name, definition, by, Instant.now())).flatMap(s -> view(tenant, s));
    }

    @GetMapping("/api/towns/{tenantId}/segments")
    Flux<Map<String, Object>> all(TenantId tenant) {
        return saved.all(tenant).concatMap(s -> view(tenant, s));
    }

    @GetMapping("/api/towns/{tenantId}/segments/{id}")
    Mono<ResponseEntity<Map<String, Object>>> one(TenantId tenant, @PathVariable String id) {
        return saved.find(tenant, id).flatMap(s -> view(tenant, s)).map(ResponseEntity::ok)
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    @DeleteMapping("/api/towns/{tenantId}/segments/{id}")
    Mono<ResponseEntity<Void>> delete(TenantId tenant, @PathVariable String id) {
        return saved.delete(tenant, id).flatMap(deleted -> deleted ? Mono.just(ResponseEntity.noContent().<Void>build()) : Mono.error(notFound(id)));
    }

    private Mono<Map<String, Object>> view(TenantId tenant, SavedSegments.Saved s) {
        return index.count(tenant, s.definition()).map(count -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", s.id());
            view.put("name", s.name());
            view.put("definition", SegmentJson.write(s.definition()));
            view.put("count", count);
            view.put("savedBy", s.savedBy());
            view.put("savedAt", s.savedAt());
            return view;
        });
    }

    static Segment read(JsonNode definition) {
        try {
            return SegmentJson.read(definition);
        } catch (SegmentJson.InvalidSegmentException e) {
            throw ApiProblems.invalid("Invalid segment", List.of(e.getMessage()));
        }
    }

    private static RuntimeException notFound(String id) {
        return ApiProblems.of(HttpStatus.NOT_FOUND, "No such segment", "no segment '" + id + "' is saved for this town; list them with GET …/segments");
    }
}
