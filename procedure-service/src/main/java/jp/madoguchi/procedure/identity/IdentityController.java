package jp.madoguchi.procedure.identity;

import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The identity check of an application (e.g. 証明書の請求): staff pass the provider's token from the
 * resident's session and get, and keep, only the result.
 */
@RestController
class IdentityController {

    public record VerifyRequest(String providerToken) {
    }

    private final IdentityVerifications verifications;

    public IdentityController(IdentityVerifications verifications) {
        this.verifications = verifications;
    }

    @PreAuthorize("hasAnyRole('ADMIN','STAFF')")
    @PostMapping("/api/towns/{tenantId}/applications/{applicationId}/identity-verification")
    public Mono<IdentityVerification> verify(TenantId tenantId, @PathVariable String applicationId, @RequestBody VerifyRequest body) {
        if (body == null || body.providerToken() == null || body.providerToken().isBlank()) {
            throw ApiProblems.of(HttpStatus.BAD_REQUEST, "Provider token required", "send {\"providerToken\": …} from the identity provider");
        }
        if (IndividualNumbers.looksLikeOne(body.providerToken())) {
            throw ApiProblems.of(HttpStatus.BAD_REQUEST, "Individual number refused",
                    "send the identity provider's token, never an individual number (個人番号)");
        }
        return verifications.verifyAndRecord(tenantId, applicationId, body.providerToken());
    }

    @GetMapping("/api/towns/{tenantId}/applications/{applicationId}/identity-verification")
    public Mono<IdentityVerification> result(TenantId tenantId, @PathVariable String applicationId) {
        return verifications.of(tenantId, applicationId).switchIfEmpty(Mono.error(() -> ApiProblems.of(HttpStatus.NOT_FOUND,
                "No identity check", "application " + applicationId + " has no identity check yet; POST one to this path")));
    }

}
