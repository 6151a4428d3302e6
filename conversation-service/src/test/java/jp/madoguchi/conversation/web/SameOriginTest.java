package jp.madoguchi.conversation.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class SameOriginTest {

    @Test
    void aPostFromThePageItselfPasses() {
        assertThat(SameOrigin.check(post("http://localhost:8082", "localhost:8082", null))).isTrue();
        assertThat(SameOrigin.check(post("https://chat.example.jp", "chat.example.jp", "same-origin"))).isTrue();
    }

    @Test
    void aPostFromAnotherSiteIsRefused() {
        assertThat(SameOrigin.check(post("https://evil.example", "chat.example.jp", null))).isFalse();
        assertThat(SameOrigin.check(post("https://chat.example.jp.evil.example", "chat.example.jp", null))).isFalse();
        assertThat(SameOrigin.check(post("http://localhost:9999", "localhost:8082", null))).isFalse();
    }

    @Test
    void aPostWithoutAnOriginOrFromAnOpaqueOneIsRefused() {
        assertThat(SameOrigin.check(post(null, "localhost:8082", null))).isFalse();
        assertThat(SameOrigin.check(post("null", "localhost:8082", null))).isFalse();
    }

    @Test
    void theBrowsersOwnCrossSiteMarkIsBelievedOverTheOrigin() {
        assertThat(SameOrigin.check(post("http://localhost:8082", "localhost:8082", "cross-site"))).isFalse();
        assertThat(SameOrigin.check(post("http://localhost:8082", "localhost:8082", "same-site"))).isFalse();
    }

    @Test
    void behindAProxyTheForwardedHostIsTheOneThatCounts() {
        MockServerHttpRequest request = MockServerHttpRequest.post("http://10.0.0.5:8082/chat/014834/input")
                .header("Host", "10.0.0.5:8082").header("X-Forwarded-Host", "madoguchi.example.jp")
                .header("Origin", "https://madoguchi.example.jp").build();
        assertThat(SameOrigin.check(request)).isTrue();
        assertThat(SameOrigin.check(post("https://madoguchi.example.jp", "madoguchi.example.jp:443", null))).isTrue();
    }

    private static MockServerHttpRequest post(String origin, String host, String fetchSite) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.post("http://" + host + "/chat/014834/input").header("Host", host);
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (fetchSite != null) {
            request.header("Sec-Fetch-Site", fetchSite);
        }
        return request.build();
    }
}
