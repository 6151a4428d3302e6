package jp.madoguchi.platform.messaging;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToRetrieveIdentifierException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An Axon token store in Mongo, for tracking processors that project into Mongo: the token lives in the
 * same store as the projection, so losing recent writes loses both together and replay rebuilds them,
 * instead of a PostgreSQL token running ahead of a projection that lost its last writes.
 * <p>
 * One document per (processor, segment) in {@code madoguchi_platform.axon_tokens}. Claims work like
 * Axon's JdbcTokenStore (an owner, expiring {@code claimTimeout} after its last claim), but each
 * claim is one atomic {@code findOneAndUpdate}, as the Mongo-wire server has no transactions.
 */
public class MongoTokenStore implements TokenStore {

    public static final String COLLECTION = "axon_tokens";
    public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofSeconds(10);

    static final String STORAGE_IDENTIFIER_ID = "storage-identifier";

    private static final Logger log = LoggerFactory.getLogger(MongoTokenStore.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final int DUPLICATE_KEY = 11000;

    private static final String PROCESSOR_NAME = "processorName";
    private static final String SEGMENT = "segment";
    private static final String TOKEN = "token";
    private static final String TOKEN_TYPE = "tokenType";
    private static final String OWNER = "owner";
    private static final String TIMESTAMP = "timestamp";
    private static final String IDENTIFIER = "identifier";

    private final MongoCollection<Document> tokens;
    private final Serializer serializer;
    private final String owner;
    private final Duration claimTimeout;
    private final Clock clock;

    /** Owner is this JVM (as Axon's JdbcTokenStore names it), claims expire after 10 s. */
    public MongoTokenStore(MongoDatabase database, Serializer serializer) {
        this(database, serializer, ManagementFactory.getRuntimeMXBean().getName(), DEFAULT_CLAIM_TIMEOUT, Clock.systemUTC());
    }

    /**
     * @param owner        this node's name in claims; two stores with the same owner share claims
     * @param claimTimeout how long after its last claim or extension a claim may be taken by another node
     * @param clock        the claim timestamps' clock
     */
    public MongoTokenStore(MongoDatabase database, Serializer serializer, String owner, Duration claimTimeout, Clock clock) {
        this.tokens = database.getCollection(COLLECTION);
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.claimTimeout = Objects.requireNonNull(claimTimeout, "claimTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) throws UnableToClaimTokenException {
        initializeTokenSegments(processorName, segmentCount, null);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken)
            throws UnableToClaimTokenException {
        if (fetchSegments(processorName).length > 0) {
            throw new UnableToClaimTokenException("Could not initialize segments of " + processorName + ": some are already present");
        }
        List<Document> entries = new ArrayList<>(segmentCount);
        for (int segment = 0; segment < segmentCount; segment++) {
            entries.add(newEntry(processorName, segment, initialToken));
        }
        try {
            // Ordered: a node racing us fails on segment 0 and inserts nothing.
            block(tokens.insertMany(entries));
        } catch (RuntimeException e) {
            if (isDuplicateKey(e)) {
                throw new UnableToClaimTokenException("Could not initialize segments of " + processorName
                        + ": they were initialized concurrently", e);
            }
            throw e;
        }
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) throws UnableToInitializeTokenException {
        try {
            block(tokens.insertOne(newEntry(processorName, segment, token)));
        } catch (RuntimeException e) {
            if (isDuplicateKey(e)) {
                throw new UnableToInitializeTokenException("Could not initialize segment " + id(processorName, segment)
                        + ": it is already present", e);
            }
            throw e;
        }
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return true;
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        Document entry = claim(processorName, segment, Updates.combine(claimedNow()));
        return token(entry);
    }

    /** Claims only if the segment is still the one asked for: not split or merged since the caller looked. */
    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
        int[] all = fetchSegments(processorName);
        Segment current = Segment.computeSegment(segment.getSegmentId(), all);
        if (current.getMask() != segment.getMask()) {
            throw new UnableToClaimTokenException("Unable to claim token " + id(processorName, segment.getSegmentId())
                    + ": it was split or merged concurrently");
        }
        return fetchToken(processorName, segment.getSegmentId());
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        SerializedObject<byte[]> serialized = serialize(token);
        List<Bson> updates = new ArrayList<>(claimedNow());
        updates.add(Updates.set(TOKEN, serialized == null ? null : new Binary(serialized.getData())));
        updates.add(Updates.set(TOKEN_TYPE, serialized == null ? null : serialized.getType().getName()));
        claim(processorName, segment, Updates.combine(updates));
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        Document entry = block(tokens.findOneAndUpdate(ownedByMe(processorName, segment),
                Updates.set(TIMESTAMP, Date.from(clock.instant())), withoutToken()));
        if (entry == null) {
            throw new UnableToClaimTokenException("Unable to extend claim on " + id(processorName, segment)
                    + ": it is not owned by " + owner);
        }
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        Document entry = block(tokens.findOneAndUpdate(ownedByMe(processorName, segment), Updates.set(OWNER, null), withoutToken()));
        if (entry == null) {
            log.warn("event=token_release_failed processor={} segment={} reason=not_owned", processorName, segment);
        }
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        Document deleted = block(tokens.findOneAndDelete(ownedByMe(processorName, segment)));
        if (deleted == null) {
            throw new UnableToClaimTokenException("Unable to delete token " + id(processorName, segment)
                    + ": it is not owned by " + owner);
        }
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return segments(eq(PROCESSOR_NAME, processorName)).stream().mapToInt(Integer::intValue).toArray();
    }

    /** Segments nobody else holds a live claim on, with masks computed from all of the processor's segments. */
    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        int[] all = fetchSegments(processorName);
        return segments(and(eq(PROCESSOR_NAME, processorName), claimable())).stream()
                .map(segment -> Segment.computeSegment(segment, all))
                .toList();
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() throws UnableToRetrieveIdentifierException {
        FindOneAndUpdateOptions upsert = new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
        Bson createOnce = Updates.setOnInsert(IDENTIFIER, UUID.randomUUID().toString());
        try {
            Document doc;
            try {
                doc = block(tokens.findOneAndUpdate(eq("_id", STORAGE_IDENTIFIER_ID), createOnce, upsert));
            } catch (RuntimeException e) {
                if (!isDuplicateKey(e)) {
                    throw e;
                }
                // Another node created it between our lookup and insert: read theirs.
                doc = block(tokens.find(eq("_id", STORAGE_IDENTIFIER_ID)).first());
            }
            return Optional.of(doc.getString(IDENTIFIER));
        } catch (RuntimeException e) {
            throw new UnableToRetrieveIdentifierException("Could not read or create the token store's identifier", e);
        }
    }

    private Document claim(String processorName, int segment, Bson update) {
        Document entry = block(tokens.findOneAndUpdate(and(eq("_id", id(processorName, segment)), claimable()), update,
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
        if (entry == null) {
            Document current = block(tokens.find(eq("_id", id(processorName, segment))).projection(Projections.include(OWNER)).first());
            throw new UnableToClaimTokenException(current == null
                    ? "Unable to claim token " + id(processorName, segment) + ": it has not been initialized yet"
                    : "Unable to claim token " + id(processorName, segment) + ": it is owned by " + current.getString(OWNER));
        }
        return entry;
    }

    /** Unowned, owned by this node, or its owner has not claimed or extended it within the timeout. */
    private Bson claimable() {
        return or(eq(OWNER, null), eq(OWNER, owner), lt(TIMESTAMP, Date.from(clock.instant().minus(claimTimeout))));
    }

    private Bson ownedByMe(String processorName, int segment) {
        return and(eq("_id", id(processorName, segment)), eq(OWNER, owner));
    }

    private List<Bson> claimedNow() {
        return List.of(Updates.set(OWNER, owner), Updates.set(TIMESTAMP, Date.from(clock.instant())));
    }

    private static FindOneAndUpdateOptions withoutToken() {
        return new FindOneAndUpdateOptions().projection(Projections.include(OWNER));
    }

    private List<Integer> segments(Bson filter) {
        List<Document> docs = Flux.from(tokens.find(filter).projection(Projections.include(SEGMENT)).sort(Sorts.ascending(SEGMENT)))
                .collectList()
                .block(CALL_TIMEOUT);
        return docs == null ? List.of() : docs.stream().map(d -> d.getInteger(SEGMENT)).toList();
    }

    private Document newEntry(String processorName, int segment, TrackingToken token) {
        SerializedObject<byte[]> serialized = serialize(token);
        Instant now = clock.instant();
        return new Document("_id", id(processorName, segment))
                .append(PROCESSOR_NAME, processorName)
                .append(SEGMENT, segment)
                .append(TOKEN, serialized == null ? null : new Binary(serialized.getData()))
                .append(TOKEN_TYPE, serialized == null ? null : serialized.getType().getName())
                .append(OWNER, null)
                .append(TIMESTAMP, Date.from(now));
    }

    private SerializedObject<byte[]> serialize(TrackingToken token) {
        return token == null ? null : serializer.serialize(token, byte[].class);
    }

    private TrackingToken token(Document entry) {
        Binary data = entry.get(TOKEN, Binary.class);
        String type = entry.getString(TOKEN_TYPE);
        if (data == null || type == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(data.getData(), byte[].class, new SimpleSerializedType(type, null)));
    }

    private static String id(String processorName, int segment) {
        return processorName + "/" + segment;
    }

    private static <T> T block(Publisher<T> publisher) {
        return Mono.from(publisher).block(CALL_TIMEOUT);
    }

    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return true;
            }
            if (t instanceof MongoBulkWriteException b && b.getWriteErrors().stream().anyMatch(err -> err.getCode() == DUPLICATE_KEY)) {
                return true;
            }
            if (t instanceof MongoCommandException c && c.getErrorCode() == DUPLICATE_KEY) {
                return true;
            }
        }
        return false;
    }
}
