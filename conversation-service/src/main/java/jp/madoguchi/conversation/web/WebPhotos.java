package jp.madoguchi.conversation.web;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.setOnInsert;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.model.UpdateOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import jp.madoguchi.conversation.counter.Attachments;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.bson.types.Binary;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePart;
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
    /** A whole upload: one photo and the form's overhead. Larger requests are refused before they are read. */
    static final long MAX_REQUEST_BYTES = MAX_BYTES + 64 * 1024;
    /** A photo question takes a few photos; a script sending thousands would fill the town's database. */
    static final int PER_RESIDENT_PER_HOUR = 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final TenantMongo mongo;
    /** Photos taken per resident in the hour since their first; bounded, so strangers cannot fill memory with counters. */
    private final Cache<String, AtomicInteger> taken = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(1)).maximumSize(100_000).build();

    WebPhotos(TenantMongo mongo) {
        this.mongo = mongo;
    }

    /**
     * Whether this resident may send a photo now: only when the question under way asks for one, and not
     * more than {@link #PER_RESIDENT_PER_HOUR}. Refusals are problems with what to do instead.
     */
    void admit(TenantId tenant, String residentId, boolean askedForPhoto) {
        if (!askedForPhoto) {
            throw WebChatController.problem(HttpStatus.CONFLICT, "いまは写真を受け付けていません。画面の質問に答えてください。");
        }
        if (taken.get(tenant.code() + ":" + residentId, k -> new AtomicInteger()).incrementAndGet() > PER_RESIDENT_PER_HOUR) {
            throw WebChatController.problem(HttpStatus.TOO_MANY_REQUESTS, "写真をたくさん送りました。1時間ほどしてから、もう一度送ってください。");
        }
    }

    /** The upload's bytes, at most {@link #MAX_BYTES}, if they are an image. */
    static Mono<Photo> read(FilePart part) {
        return DataBufferUtils.join(part.content(), MAX_BYTES)
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .onErrorMap(DataBufferLimitException.class, e -> WebChatController.problem(HttpStatus.PAYLOAD_TOO_LARGE, TOO_LARGE))
                .map(bytes -> new Photo(bytes, imageType(bytes).orElseThrow(() -> WebChatController.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "写真（JPEG・PNG などの画像）を選んでください。"))));
    }

    static final String TOO_LARGE = "写真が大きすぎます。10MBより小さい写真を送ってください。";

    record Photo(byte[] bytes, String mimeType) {
    }

    String store(TenantId tenant, String residentId, Photo photo) {
        byte[] bytes = photo.bytes();
        String mimeType = photo.mimeType();
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
