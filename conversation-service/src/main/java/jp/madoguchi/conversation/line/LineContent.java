package jp.madoguchi.conversation.line;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.setOnInsert;

import com.linecorp.bot.client.base.BlobContent;
import com.linecorp.bot.client.base.Result;
import com.linecorp.bot.messaging.client.MessagingApiBlobClient;
import com.mongodb.client.model.UpdateOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.conversation.counter.Attachments;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.types.Binary;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Fetches a photo a resident sent (LINE keeps it only for a while) and keeps it in the town's
 * {@value #COLLECTION} collection; events carry only its content id. Storing is idempotent, so a
 * redelivered image event stores nothing new.
 */
@Component
public class LineContent {

    /** In the town's database: {@code _id} = content id, the bytes, their type and who sent them. */
    public static final String COLLECTION = Attachments.COLLECTION;
    /** A Mongo document holds at most 16 MB; LINE images are at most 10 MB. */
    static final int MAX_BYTES = 15 * 1024 * 1024;

    private final LineChannels channels;
    private final TenantMongo mongo;

    public LineContent(LineChannels channels, TenantMongo mongo) {
        this.channels = channels;
        this.mongo = mongo;
    }

    /** The content id of the stored image: {@code line-<messageId>}. */
    public String fetchAndStore(TenantId tenant, String residentId, String messageId) {
        String contentId = "line-" + messageId;
        MessagingApiBlobClient client = channels.blobClient(tenant)
                .orElseThrow(() -> new IllegalStateException("no LINE channel for " + tenant));
        byte[] bytes;
        String mimeType;
        try {
            Result<BlobContent> result = client.getMessageContent(messageId).get(30, TimeUnit.SECONDS);
            mimeType = result.body().mimeType();
            try (InputStream in = result.body().byteStream()) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not fetch LINE content of a message for " + tenant + ": " + e.getClass().getSimpleName(), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalStateException("LINE content larger than " + MAX_BYTES + " bytes for " + tenant);
        }
        Mono.from(mongo.database(tenant).getCollection(COLLECTION).updateOne(eq("_id", contentId),
                combine(setOnInsert("residentId", residentId), setOnInsert("mimeType", mimeType == null ? "application/octet-stream" : mimeType),
                        setOnInsert("size", bytes.length), setOnInsert("bytes", new Binary(bytes)),
                        setOnInsert("receivedAt", Date.from(Instant.now()))),
                new UpdateOptions().upsert(true))).block(Duration.ofSeconds(30));
        return contentId;
    }
}
