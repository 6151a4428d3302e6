package jp.madoguchi.conversation.shelter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.security.StaffPrincipal;
import jp.madoguchi.platform.tenancy.TenantId;
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
 * Staff's side of shelters, under {@code /api/towns/{tenantId}/shelters}: {@code PUT} the town's list as a CSV file in
 * either national format (admins and staff; it replaces the whole list, or changes nothing and answers 400 with every
 * problem by line), {@code GET} what residents are shown (every role).
 */
@RestController
class ShelterController {

    private static final String PATH = "/api/towns/{tenantId}/shelters";
    private final ShelterDirectory directory;

    ShelterController(ShelterDirectory directory) {
        this.directory = directory;
    }

    @PutMapping(value = PATH, consumes = {"text/csv", "application/octet-stream", "text/plain"})
    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    public Mono<Map<String, Object>> importList(TenantId tenantId, @RequestBody byte[] file, @AuthenticationPrincipal Jwt jwt) {
        ShelterCsv.Parsed parsed = ShelterCsv.parse(file);
        if (!parsed.problems().isEmpty()) {
            throw ApiProblems.invalid("Shelter list not imported", "避難所の一覧は取り込まれていません。次の点を直して、もう一度アップロードしてください。",
                    parsed.problems());
        }
        String staff = StaffPrincipal.from(jwt).subject();
        return Mono.fromCallable(() -> {
            directory.replace(tenantId, parsed.format(), parsed.shelters(), staff);
            return summary(directory.current(tenantId));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping(PATH)
    @PreAuthorize("hasAnyRole('ADMIN','STAFF','VIEWER')")
    public Mono<Map<String, Object>> list(TenantId tenantId) {
        return Mono.fromCallable(() -> summary(directory.current(tenantId))).subscribeOn(Schedulers.boundedElastic());
    }

    private static Map<String, Object> summary(ShelterDirectory.Imported imported) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("format", imported.format() == null ? null : imported.format().name());
        body.put("importedAt", imported.importedAt() == null ? null : imported.importedAt().toString());
        body.put("importedBy", imported.importedBy());
        List<Map<String, Object>> shelters = imported.shelters().stream().map(s -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", s.name());
            row.put("address", s.address());
            row.put("latitude", s.latitude());
            row.put("longitude", s.longitude());
            row.put("hazards", s.hazards().stream().sorted().map(Enum::name).toList());
            row.put("capacity", s.capacity());
            return row;
        }).toList();
        body.put("count", shelters.size());
        body.put("shelters", shelters);
        return body;
    }
}
