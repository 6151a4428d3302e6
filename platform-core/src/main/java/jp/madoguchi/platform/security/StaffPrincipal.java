package jp.madoguchi.platform.security;

import java.util.Optional;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The caller named by a verified token: a town's staff member (exactly one town and one role) or
 * a vendor operator (no town). Services take the town from here, never from a request body.
 */
public record StaffPrincipal(String subject, String displayName, TenantId tenant, Role role) {

    public static final String CLAIM_TENANT = "tenant";
    public static final String CLAIM_ROLE = "role";
    public static final String CLAIM_NAME = "name";

    public StaffPrincipal {
        if (role.isTownRole() && tenant == null) {
            throw new IllegalArgumentException("a " + role.claim() + " token must name a town");
        }
        if (!role.isTownRole() && tenant != null) {
            throw new IllegalArgumentException("an operator token names no town");
        }
    }

    public static StaffPrincipal from(Jwt jwt) {
        String tenant = jwt.getClaimAsString(CLAIM_TENANT);
        return new StaffPrincipal(jwt.getSubject(), jwt.getClaimAsString(CLAIM_NAME),
                tenant == null ? null : TenantId.of(tenant), Role.fromClaim(jwt.getClaimAsString(CLAIM_ROLE)));
    }

    public Optional<TenantId> town() {
        return Optional.ofNullable(tenant);
    }
}
