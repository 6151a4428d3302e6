package jp.madoguchi.portal.auth;

import static jp.madoguchi.portal.support.PortalSession.form;
import static jp.madoguchi.portal.support.PortalSession.location;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jp.madoguchi.portal.support.PortalSession;
import jp.madoguchi.portal.support.StubServices;
import jp.madoguchi.portal.support.StubServices.Call;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.InMemoryWebSessionStore;
import org.springframework.web.server.session.WebSessionManager;

/** Sign-in, tokens kept server-side and refreshed, refusals, logout: the portal against a stub of tenant-service and analytics. */
// a loaded shared machine can take more than the default 5 s for a first page
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=staff-portal", "madoguchi.portal.analytics-timeout=2s"})
class SignInTest {

    static final StubServices stub = StubServices.get();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("madoguchi.portal.tenant-service-url", stub::url);
        registry.add("madoguchi.portal.analytics-url", stub::url);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    WebSessionManager sessions;

    PortalSession browser;

    @BeforeEach
    void freshBrowser() {
        browser = new PortalSession(http);
        stub.calls.clear();
        stub.analyticsDown.set(false);
    }

    @Test
    void aPageWithoutSignInGoesToTheLoginPage() {
        EntityExchangeResult<String> result = browser.get("/settings");
        assertThat(result.getStatus().is3xxRedirection()).isTrue();
        assertThat(location(result)).endsWith("/login");
        assertThat(browser.get("/login").getResponseBody()).contains("自治体コード", "ログインID", "パスワード", "運営事業者としてログイン");
    }

    @Test
    void strangersOpeningTheLoginPageLeaveNoSessionsBehind() {
        InMemoryWebSessionStore store = (InMemoryWebSessionStore) ((DefaultWebSessionManager) sessions).getSessionStore();
        store.getSessions().keySet().forEach(id -> store.removeSession(id).block());
        for (int i = 0; i < 1_000; i++) {
            // each stranger a new client: no cookies kept from one request to the next
            http.get().uri("/login").exchange().expectStatus().isOk();
        }
        http.get().uri("/settings").exchange().expectStatus().is3xxRedirection();
        assertThat(store.getSessions().size()).isZero();

        // the sign-in form still works without a stored session, and signing in starts one
        assertThat(location(browser.login(StubServices.TOWN, "admin", StubServices.PASSWORD))).isEqualTo("/");
        assertThat(store.getSessions().size()).isEqualTo(1);
    }

    @Test
    void signedInAdminSeesTheDashboardAndEveryCallCarriesTheSessionsToken() {
        EntityExchangeResult<String> login = browser.login(StubServices.TOWN, "admin", StubServices.PASSWORD);
        assertThat(location(login)).isEqualTo("/");

        String dashboard = browser.get("/").getResponseBody();
        assertThat(dashboard).contains("ダッシュボード", "苫前町", "山田 花子", "hx-get=\"/fragments/kpis\"", "every 5s");
        browser.htmxGet("/fragments/kpis");

        Call kpis = stub.callsTo("/api/towns/014834/kpis").get(0);
        assertThat(kpis.authorization()).startsWith("Bearer ACCESS-TOKEN-SHOULD-NEVER-LEAK-");
        assertThat(kpis.uri()).matches("/api/towns/014834/kpis\\?fiscalYear=20\\d\\d");
        Call login0 = stub.callsTo("/api/auth/login").get(0);
        assertThat(login0.body()).contains("\"tenantId\":\"014834\"", "\"loginId\":\"admin\"");
    }

    @Test
    void wrongPasswordSaysSoInJapaneseAndKeepsTheTownAndLoginId() {
        String page = browser.login(StubServices.TOWN, "admin", "wrong-password").getResponseBody();
        assertThat(page).contains("ログインIDまたはパスワードが違います。").contains("value=\"014834\"").contains("value=\"admin\"")
                .doesNotContain("wrong-password");
        assertThat(browser.get("/settings").getStatus().is3xxRedirection()).isTrue();
    }

    @Test
    void aLockedAccountIsToldToWait() {
        assertThat(browser.login(StubServices.TOWN, "locked", "anything-at-all").getResponseBody())
                .contains("ログインに続けて失敗したため、一時的にロックされています。しばらくしてからお試しください。");
    }

    @Test
    void anExpiredAccessTokenIsRefreshedBeforeTheCall() {
        browser.login(StubServices.TOWN, "expiring", StubServices.PASSWORD); // issued with expiresIn 0
        String loginToken = stub.callsTo("/api/towns/014834").get(0).authorization(); // the town name, read at login
        stub.calls.clear();

        browser.get("/settings");

        List<Call> refreshes = stub.callsTo("/api/auth/refresh");
        assertThat(refreshes).hasSize(1);
        assertThat(refreshes.get(0).body()).contains("REFRESH-TOKEN-SHOULD-NEVER-LEAK-");
        Call town = stub.callsTo("/api/towns/014834").get(0);
        assertThat(town.authorization()).startsWith("Bearer ACCESS-TOKEN").isNotEqualTo(loginToken);
        assertThat(browser.pages).noneMatch(p -> p.contains("TOKEN-SHOULD-NEVER-LEAK"));
    }

    @Test
    void aServiceAnswering401GetsOneRetryWithARefreshedToken() {
        browser.login(StubServices.TOWN, "admin", StubServices.PASSWORD);
        String first = stub.callsTo("/api/towns/014834").get(0).authorization().substring(7);
        stub.rejectedTokens.add(first);
        try {
            String fragment = browser.htmxGet("/fragments/kpis").getResponseBody();
            assertThat(fragment).contains("友だち数").doesNotContain("集計サービスに接続できません");
            List<Call> kpis = stub.callsTo("/api/towns/014834/kpis");
            assertThat(kpis).hasSize(2);
            assertThat(kpis.get(0).authorization()).isEqualTo("Bearer " + first);
            assertThat(kpis.get(1).authorization()).isNotEqualTo("Bearer " + first).startsWith("Bearer ACCESS-TOKEN");
            assertThat(stub.callsTo("/api/auth/refresh")).hasSize(1);
        } finally {
            stub.rejectedTokens.clear();
        }
    }

    @Test
    void aServiceRefusalShowsTheJapanese403Page() {
        browser.login(StubServices.TOWN, "viewer", StubServices.PASSWORD);
        EntityExchangeResult<String> staff = browser.get("/staff");
        assertThat(staff.getStatus().value()).isEqualTo(403);
        assertThat(staff.getResponseBody()).contains("この操作を行う権限がありません。");
    }

    @Test
    void viewersSeeNoEditButtons() {
        browser.login(StubServices.TOWN, "viewer", StubServices.PASSWORD);
        String settings = browser.get("/settings").getResponseBody();
        assertThat(settings).contains("苫前町", "fp-1234abcd", "古丹別", "設定の変更は管理者だけが行えます。")
                .doesNotContain("action=\"/settings/", "目標を保存", "接続確認", "職員管理", "操作ログ");
    }

    @Test
    void aFormNamingAnotherTownIsRefusedWithoutCallingAnyService() {
        browser.login(StubServices.TOWN, "admin", StubServices.PASSWORD);
        browser.get("/settings");
        stub.calls.clear();

        EntityExchangeResult<String> tampered = browser.post("/settings/features", form("tenantId", "014842", "features", "web-chat"));
        assertThat(tampered.getStatus().value()).isEqualTo(403);
        assertThat(tampered.getResponseBody()).contains("この操作を行う権限がありません。");
        assertThat(browser.get("/settings?tenantId=014842").getStatus().value()).isEqualTo(403);
        assertThat(stub.calls).noneMatch(c -> c.method().equals("PUT"));

        EntityExchangeResult<String> own = browser.post("/settings/features", form("tenantId", "014834", "features", "web-chat"));
        assertThat(location(own)).startsWith("/settings?saved=features");
        assertThat(stub.callsTo("/api/towns/014834/features").get(0).body()).isEqualTo("{\"features\":[\"web-chat\"]}");
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefused() {
        browser.login(StubServices.TOWN, "admin", StubServices.PASSWORD);
        browser.get("/settings");
        stub.calls.clear();
        EntityExchangeResult<String> forged = browser.postRaw("/settings/features", form("features", "web-chat"));
        assertThat(forged.getStatus().value()).isEqualTo(403);
        assertThat(stub.calls).isEmpty();
    }

    @Test
    void theInvitationCodeIsShownOnceAndTokensNeverReachThePage() {
        browser.login(StubServices.TOWN, "admin", StubServices.PASSWORD);
        browser.get("/staff");
        String page = browser.post("/staff/invitations", form("tenantId", "014834", "loginId", "suzuki", "displayName", "鈴木 次郎",
                "role", "staff")).getResponseBody();
        assertThat(page).contains("INVITE-CODE-12345", "この一度だけ表示されます", "鈴木 次郎");
        assertThat(stub.callsTo("/api/towns/014834/staff/invitations").get(0).body())
                .isEqualTo("{\"loginId\":\"suzuki\",\"displayName\":\"鈴木 次郎\",\"role\":\"staff\"}");
        assertThat(browser.get("/staff").getResponseBody()).doesNotContain("INVITE-CODE-12345");

        browser.get("/settings");
        browser.htmxGet("/fragments/kpis");
        assertThat(browser.pages).isNotEmpty().noneMatch(p -> p.contains("TOKEN-SHOULD-NEVER-LEAK"));
    }

    @Test
    void logoutRevokesTheRefreshTokenAndEndsTheSession() {
        browser.login(StubServices.TOWN, "admin", StubServices.PASSWORD);
        browser.get("/");
        EntityExchangeResult<String> out = browser.post("/logout", form());
        assertThat(location(out)).isEqualTo("/login?logout");
        assertThat(stub.callsTo("/api/auth/logout").get(0).body()).contains("REFRESH-TOKEN-SHOULD-NEVER-LEAK-");
        assertThat(location(browser.get("/settings"))).endsWith("/login");
    }

    @Test
    void anInviteeSetsAPasswordWithTheCode() {
        browser.get("/invitation");
        assertThat(browser.post("/invitation", form("code", "abcDEF123", "password", "a long pass phrase", "passwordConfirm",
                "a long pass phrase")).getResponseBody()).contains("パスワードを設定しました。");
        assertThat(stub.callsTo("/api/auth/invitations/abcDEF123/accept").get(0).body()).isEqualTo("{\"password\":\"a long pass phrase\"}");

        assertThat(browser.post("/invitation", form("code", "unknown-code", "password", "a long pass phrase", "passwordConfirm",
                "a long pass phrase")).getResponseBody()).contains("招待コードが無効か、有効期限が切れています。");
        assertThat(browser.post("/invitation", form("code", "abcDEF123", "password", "a long pass phrase", "passwordConfirm",
                "another phrase!!")).getResponseBody()).contains("確認用のパスワードが一致しません。");
    }
}
