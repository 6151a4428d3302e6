package jp.madoguchi.notification.audience;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.Document;

/** A stored BSON document read back as a JSON tree (segment definitions are kept as documents, so they can be read in Mongo). */
final class JsonDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonDocuments() {
    }

    static JsonNode tree(Document document) {
        try {
            return JSON.readTree(document.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored document is not JSON", e);
        }
    }
}
