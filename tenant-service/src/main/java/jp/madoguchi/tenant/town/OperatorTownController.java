package jp.madoguchi.tenant.town;

import java.time.Instant;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.tenant.town.TownMessages.ReactivateTown;
import jp.madoguchi.tenant.town.TownMessages.SuspendTown;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The vendor's operators over every town: the list, suspension and reactivation. The route rule
 * already limits {@code /api/operator/**} to operators. Suspending a suspended town (or
 * reactivating an active one) changes nothing and still answers 204.
 */
@RestController
class OperatorTownController {

    public record SuspendRequest(String reason) {
    }

    private final TownCommands commands;
    private final TownProjection towns;

    public OperatorTownController(TownCommands commands, TownProjection towns) {
        this.commands = commands;
        this.towns = towns;
    }

    @GetMapping("/api/operator/towns")
    public Flux<TownView.Summary> towns() {
        return towns.all();
    }

    @PostMapping("/api/operator/towns/{tenantId}/suspend")
    public Mono<ResponseEntity<Void>> suspend(TenantId tenant, @RequestBody(required = false) SuspendRequest request) {
        return commands.send(tenant, new SuspendTown(tenant.code(), request == null ? null : request.reason(), Instant.now()), "Invalid suspension");
    }

    @PostMapping("/api/operator/towns/{tenantId}/reactivate")
    public Mono<ResponseEntity<Void>> reactivate(TenantId tenant) {
        return commands.send(tenant, new ReactivateTown(tenant.code(), Instant.now()), "Invalid reactivation");
    }
}
