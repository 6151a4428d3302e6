package jp.madoguchi.platform.messaging.parking;

import java.util.Arrays;
import java.util.Map;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The operator's view of this service's parked events, and their replay. Under {@code /api/operator/}, so only
 * operator tokens get in (the platform's route rule); the listing shows no key, value or headers.
 */
@RestController
@RequestMapping("/api/operator/parked-events")
class ParkedEventsController {

    private final Parking parking;

    public ParkedEventsController(Parking parking) {
        this.parking = parking;
    }

    @GetMapping
    public Mono<ResponseEntity<?>> list(@RequestParam(required = false) String tenant, @RequestParam(required = false) String consumer,
                                        @RequestParam(required = false) String status) {
        ResponseEntity<?> invalid = invalidTenant(tenant);
        if (invalid != null) {
            return Mono.just(invalid);
        }
        ParkedEvent.Status wanted = null;
        if (status != null) {
            wanted = Arrays.stream(ParkedEvent.Status.values()).filter(s -> s.name().equalsIgnoreCase(status)).findFirst().orElse(null);
            if (wanted == null) {
                return Mono.just(problem(HttpStatus.BAD_REQUEST, "Unknown status", "status must be PARKED or REPLAYED"));
            }
        }
        return parking.list(tenant, consumer, wanted).collectList().map(ResponseEntity::ok);
    }

    @PostMapping("/{id}/replay")
    public Mono<ResponseEntity<?>> replay(@PathVariable String id) {
        return parking.replay(id)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .onErrorResume(Parking.UnknownParkedEvent.class, e -> Mono.just(problem(HttpStatus.NOT_FOUND, "Unknown parked event",
                        "this service parked no event " + id + "; GET /api/operator/parked-events lists the ones it did")))
                .onErrorResume(Parking.AlreadyReplayed.class, e -> Mono.just(problem(HttpStatus.CONFLICT, "Already replayed",
                        "parked event " + id + " was replayed at " + e.event().replayedAt()
                                + "; its consumer drops an event it has handled, so replaying it again would change nothing")));
    }

    @PostMapping("/replay")
    public Mono<ResponseEntity<?>> replayAll(@RequestParam(required = false) String tenant, @RequestParam(required = false) String consumer) {
        ResponseEntity<?> invalid = invalidTenant(tenant);
        if (invalid != null) {
            return Mono.just(invalid);
        }
        return parking.replayAll(tenant, consumer).map(ParkedEvent::id).collectList()
                .map(ids -> ResponseEntity.ok(Map.<String, Object>of("replayed", ids.size(), "ids", ids)));
    }

    private static ResponseEntity<?> invalidTenant(String tenant) {
        String problem = tenant == null ? null : TenantId.problemWith(tenant);
        return problem == null ? null : problem(HttpStatus.BAD_REQUEST, "Invalid tenant", problem);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).body(problem);
    }
}
