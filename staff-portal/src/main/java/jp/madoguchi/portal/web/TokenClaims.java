package jp.madoguchi.portal.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;

/** Reads a claim from a staff token the portal itself received from tenant-service; no verification (the services verify). */
final class TokenClaims {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenClaims() {
    }

    /** The {@code sub} claim (the staff account id), or null when the token is not a JWT. */
    static String subject(String token) {
        if (token == null) {
            return null;
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            String sub = claims.path("sub").asText("");
            return sub.isBlank() ? null : sub;
        } catch (Exception e) {
            return null;
        }
    }
}
