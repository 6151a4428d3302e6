package jp.madoguchi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep's classification, including the route it exists to catch. */
class RouteSweepTest {

    private static final List<String> PUBLIC = List.of("/api/auth/**", "/.well-known/jwks.json", "/line/webhook/**");

    @Test
    void aNewRouteOutsideTownAndOperatorPathsIsReportedAsUnscoped() {
        assertThat(RouteSweep.classify("/api/applications", PUBLIC)).isEqualTo(RouteSweep.Scope.UNSCOPED);
        assertThat(RouteSweep.classify("/api/applications/{tenantId}", PUBLIC)).isEqualTo(RouteSweep.Scope.UNSCOPED);
        assertThat(RouteSweep.classify("/api/town/{tenantId}/kpis", PUBLIC)).isEqualTo(RouteSweep.Scope.UNSCOPED);
    }

    @Test
    void townOperatorAndDeclaredPublicRoutesAreScoped() {
        assertThat(RouteSweep.classify("/api/towns/{tenantId}/kpis", PUBLIC)).isEqualTo(RouteSweep.Scope.TOWN);
        assertThat(RouteSweep.classify("/api/towns/{tenantId}", PUBLIC)).isEqualTo(RouteSweep.Scope.TOWN);
        assertThat(RouteSweep.classify("/api/operator/towns/{tenantId}/suspend", PUBLIC)).isEqualTo(RouteSweep.Scope.OPERATOR);
        assertThat(RouteSweep.classify("/api/auth/invitations/{code}/accept", PUBLIC)).isEqualTo(RouteSweep.Scope.PUBLIC);
        assertThat(RouteSweep.classify("/line/webhook/{tenantId}", PUBLIC)).isEqualTo(RouteSweep.Scope.PUBLIC);
    }

    @Test
    void fillsTheTownAndPlaceholders() {
        assertThat(RouteSweep.instantiate("/api/towns/{tenantId}/kpi-targets/{fiscalYear}", "014842"))
                .isEqualTo("/api/towns/014842/kpi-targets/2025");
        assertThat(RouteSweep.instantiate("/api/towns/{tenantId}/staff/{staffId}/role", "014842"))
                .isEqualTo("/api/towns/014842/staff/sweep/role");
    }
}
