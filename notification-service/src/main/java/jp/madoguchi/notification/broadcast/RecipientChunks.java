package jp.madoguchi.notification.broadcast;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.madoguchi.notification.channel.LineMulticast;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.Document;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The audience as it was taken when sending started, in chunks of at most {@value #SIZE} (LINE's multicast limit),
 * in the town's {@value #COLLECTION}. Each chunk is sent with a retry key derived from the broadcast and its number,
 * so sending it again after a crash is answered "already accepted" by LINE instead of reaching anyone twice.
 */
@Component
class RecipientChunks {

    static final int SIZE = LineMulticast.MAX_RECIPIENTS;
    static final String COLLECTION = "broadcast_chunks";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One resident of the audience: the index's id (to check they still follow) and where LINE reaches them. */
    record Recipient(String residentId, String lineUserId) {
    }

    record Chunk(int number, List<Recipient> recipients) {
        Chunk {
            recipients = List.copyOf(recipients);
        }
    }

    private final TenantMongo mongo;

    RecipientChunks(TenantMongo mongo) {
        this.mongo = mongo;
    }

    /** Chunks in order; the same audience always gives the same chunks. */
    static List<Chunk> split(List<Recipient> recipients) {
        List<Chunk> chunks = new ArrayList<>();
        for (int from = 0; from < recipients.size(); from += SIZE) {
            chunks.add(new Chunk(chunks.size(), recipients.subList(from, Math.min(recipients.size(), from + SIZE))));
        }
        return chunks;
    }

    /** The X-Line-Retry-Key of one chunk: the same on every attempt, on any instance, after any restart. */
    static UUID retryKey(String broadcastId, int chunk) {
        return UUID.nameUUIDFromBytes(("broadcast:" + broadcastId + ":" + chunk).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes the audience, replacing any left by a start that crashed before sending began (nothing of it was sent:
     * a chunk is sent only once the broadcast is SENDING, which comes after this write).
     */
    void replace(TenantId tenant, String broadcastId, List<Chunk> chunks) {
        Mono.from(collection(tenant).deleteMany(eq("broadcastId", broadcastId))).block(TIMEOUT);
        if (chunks.isEmpty()) {
            return;
        }
        List<Document> docs = chunks.stream().map(c -> new Document("_id", broadcastId + ":" + c.number())
                .append("broadcastId", broadcastId)
                .append("number", c.number())
                .append("residents", c.recipients().stream().map(Recipient::residentId).toList())
                .append("to", c.recipients().stream().map(Recipient::lineUserId).toList())
                .append("done", false)).toList();
        Mono.from(collection(tenant).insertMany(docs)).block(TIMEOUT);
    }

    /** Chunks not yet reported to the broadcast, in order. */
    List<Chunk> pending(TenantId tenant, String broadcastId) {
        return Flux.from(collection(tenant).find(and(eq("broadcastId", broadcastId), eq("done", false))).sort(Sorts.ascending("number")))
                .map(RecipientChunks::chunk).collectList().block(TIMEOUT);
    }

    void markDone(TenantId tenant, String broadcastId, int number) {
        Mono.from(collection(tenant).updateOne(eq("_id", broadcastId + ":" + number), Updates.set("done", true))).block(TIMEOUT);
    }

    private static Chunk chunk(Document doc) {
        List<String> residents = doc.getList("residents", String.class);
        List<String> to = doc.getList("to", String.class);
        List<Recipient> recipients = new ArrayList<>(to.size());
        for (int i = 0; i < to.size(); i++) {
            recipients.add(new Recipient(residents.get(i), to.get(i)));
        }
        return new Chunk(doc.getInteger("number"), recipients);
    }

    private MongoCollection<Document> collection(TenantId tenant) {
        return mongo.database(tenant).getCollection(COLLECTION);
    }
}
