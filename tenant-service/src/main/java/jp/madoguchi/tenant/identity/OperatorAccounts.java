package jp.madoguchi.tenant.identity;

import java.util.Optional;
import jp.madoguchi.platform.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Vendor operators. For now one bootstrap account from configuration, its password hashed at
 * startup (the plain text is dropped with the properties); without it no operator can log in.
 */
@Component
class OperatorAccounts {

    private static final Logger log = LoggerFactory.getLogger(OperatorAccounts.class);

    private final Account account;
    private final String passwordHash;

    OperatorAccounts(IdentityProperties props, PasswordEncoder passwords) {
        IdentityProperties.BootstrapOperator bootstrap = props.bootstrapOperator();
        if (bootstrap.isConfigured()) {
            String loginId = StaffRules.normalizeLoginId(bootstrap.loginId());
            this.account = new Account("operator:" + loginId, null, loginId, bootstrap.displayName(), Role.OPERATOR);
            this.passwordHash = passwords.encode(bootstrap.password());
            log.info("event=bootstrap-operator-configured loginId={}", loginId);
        } else {
            this.account = null;
            this.passwordHash = null;
            log.info("event=no-operator-account reason=madoguchi.identity.bootstrap-operator-unset");
        }
    }

    Optional<Account> byLoginId(String loginId) {
        return account != null && account.loginId().equals(loginId) ? Optional.of(account) : Optional.empty();
    }

    /** Still an operator (a refresh after the configuration changed must not outlive it). */
    boolean exists(String subject) {
        return account != null && account.subject().equals(subject);
    }

    String passwordHash() {
        return passwordHash;
    }
}
