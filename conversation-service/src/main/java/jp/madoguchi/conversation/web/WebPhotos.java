package jp.madoguchi.conversation.web;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.setOnInsert;

import com.mongodb.client.model.UpdateOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import jp.madoguchi.conversation.counter.Attachments;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.types.Binary;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Photos residents upload in the web chat, kept like LINE's in the town's attachments collection
 * ({@code _id} = {@code web-<uuid>}); events carry only the content id. Only real images are kept: the
 * type is read from the bytes, never taken from the browser.
 */
@Component
class WebPhotos {

    /** The same collection LINE photos go to, so staff find every photo of an application in one place. */
    static final String COLLECTION = Attachments.COLLECTION;
    /** Phones take photos of a few MB; a Mongo document holds at most 16 MB. */
    static final int MAX_BYTES = 10 * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final TenantMongo mongo;

    WebPhotos(TenantMongo mongo) {
        this.mongo = mongo;
    }

    String store(TenantId tenant, String residentId, byte[] bytes, String mimeType) {
        String contentId = "web-" + UUID.randomUUID();
        Mono.from(mongo.database(tenant).getCollection(COLLECTION).updateOne(eq("_id", contentId),
                combine(setOnInsert("residentId", residentId), setOnInsert("mimeType", mimeType), setOnInsert("size", bytes.length),
                        setOnInsert("bytes", new Binary(bytes)), setOnInsert("receivedAt", Date.from(Instant.now()))),
                new UpdateOptions().upsert(true))).block(TIMEOUT);
        return contentId;
    }

    /** The image type of {@code bytes} from their first bytes (JPEG, PNG, GIF, WebP, HEIC/HEIF), or empty when not an image. */
    static Optional<String> imageType(byte[] bytes) {
        if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of("image/png");
        }
        if (startsWith(bytes, 0, 'G', 'I', 'F', '8')) {
            return Optional.of("image/gif");
        }
        if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of("image/webp");
        }
        if (startsWith(bytes, 4, 'f', 't', 'y', 'p') && bytes.length >= 12) {
            String brand = new String(bytes, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")) {
                return Optional.of("image/heic");
            }
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
