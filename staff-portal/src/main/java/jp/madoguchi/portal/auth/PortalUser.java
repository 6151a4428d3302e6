package jp.madoguchi.portal.auth;

import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Who is signed in to the portal, as tenant-service said at login. The town is fixed here for the
 * whole session: every call to a service is made for this town, whatever a form or URL says.
 *
 * @param tenantId the town's 6-digit code; null for an operator (the vendor's staff)
 * @param role     admin | staff | viewer | operator
 */
public record PortalUser(String tenantId, String loginId, String displayName, String role, String townName) {

    public boolean isOperator() {
        return "operator".equals(role);
    }

    public boolean isAdmin() {
        return "admin".equals(role);
    }

    public boolean isViewer() {
        return "viewer".equals(role);
    }

    /** The role as staff read it. */
    public String roleLabel() {
        return roleLabel(role);
    }

    public static String roleLabel(String role) {
        if (role == null) {
            return "";
        }
        return switch (role) {
            case "admin" -> "管理者";
            case "staff" -> "職員";
            case "viewer" -> "閲覧のみ";
            case "operator" -> "運営事業者";
            default -> role;
        };
    }

    Authentication toAuthentication() {
        return UsernamePasswordAuthenticationToken.authenticated(this, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(java.util.Locale.ROOT))));
    }
}
