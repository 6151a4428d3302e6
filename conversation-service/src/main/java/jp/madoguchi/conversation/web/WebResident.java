package jp.madoguchi.conversation.web;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.madoguchi.platform.tenancy.TenantId;

/**
 * An anonymous resident of the web chat: a random id kept in an HttpOnly, SameSite=Lax session cookie
 * (nothing about the person). In each town the same browser is the resident {@code <town>:WEB:<id>}.
 */
record WebResident(String webId) {

    static final String COOKIE = "madoguchi_chat";
    /** 128 random bits, base64url without padding. */
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    static WebResident fresh() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new WebResident(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The resident a cookie names, when it is one this service could have issued. */
    static Optional<WebResident> fromCookie(String value) {
        return value != null && FORMAT.matcher(value).matches() ? Optional.of(new WebResident(value)) : Optional.empty();
    }

    String residentId(TenantId tenant) {
        return tenant.code() + ":" + WebChat.CHANNEL + ":" + webId;
    }

    @Override
    public String toString() {
        return "WebResident[…]"; // the id is the resident's key to their answers: never in logs
    }
}
