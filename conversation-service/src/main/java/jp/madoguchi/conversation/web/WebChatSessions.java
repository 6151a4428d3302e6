package jp.madoguchi.conversation.web;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.UpdateOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The last thing each web resident was shown, so reloading the page puts the question under way back
 * on the screen (LINE keeps the chat history itself; a browser page does not). Kept in the town's
 * {@value #COLLECTION}; a write for an older turn never replaces a newer one.
 */
@Component
class WebChatSessions {

    /** In the town's database: {@code _id} = residentId, the turn, whether a conversation is under way, and its views. */
    static final String COLLECTION = "web_chat_sessions";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final TypeReference<List<WebReplies.View>> VIEWS = new TypeReference<>() {
    };

    /** What the resident last saw, when a conversation is under way. */
    record Shown(int turn, List<WebReplies.View> views) {
    }

    private final TenantMongo mongo;
    private final ObjectMapper json;

    WebChatSessions(TenantMongo mongo, ObjectMapper json) {
        this.mongo = mongo;
        this.json = json;
    }

    void remember(TenantId tenant, String residentId, int turn, boolean underWay, List<WebReplies.View> views) {
        String stored;
        try {
            stored = json.writeValueAsString(underWay ? views : List.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("web chat views are not serialisable", e);
        }
        Mono.from(mongo.database(tenant).getCollection(COLLECTION).updateOne(
                        and(eq("_id", residentId), or(exists("turn", false), lt("turn", turn))),
                        combine(set("turn", turn), set("underWay", underWay), set("views", stored), set("updatedAt", Date.from(Instant.now()))),
                        new UpdateOptions().upsert(true)))
                // a newer turn is already stored: the filter missed and the upsert hit the same _id
                .onErrorResume(MongoWriteException.class,
                        x -> x.getError().getCategory() == ErrorCategory.DUPLICATE_KEY ? Mono.empty() : Mono.error(x))
                .block(TIMEOUT);
    }

    Optional<Shown> underWay(TenantId tenant, String residentId) {
        Document doc = Mono.from(mongo.database(tenant).getCollection(COLLECTION).find(eq("_id", residentId)).first()).block(TIMEOUT);
        if (doc == null || !Boolean.TRUE.equals(doc.getBoolean("underWay"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Shown(doc.getInteger("turn", 0), json.readValue(doc.getString("views"), VIEWS)));
        } catch (JsonProcessingException e) {
            return Optional.empty(); // written by an older page layout: start from the menu
        }
    }
}
