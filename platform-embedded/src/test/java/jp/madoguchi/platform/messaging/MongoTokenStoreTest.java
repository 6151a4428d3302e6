package jp.madoguchi.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import jp.madoguchi.platform.embedded.MongoWireServer;
import jp.madoguchi.platform.tenancy.TenantMongo;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The Mongo token store against a real Mongo-wire server over TCP. */
class MongoTokenStoreTest {

    private static final String VIEW = "town-view";
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

    private final Serializer serializer = JacksonSerializer.defaultSerializer();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T00:00:00Z"));

    private MongoWireServer server;
    private MongoClient client;
    private MongoDatabase database;
    private MongoTokenStore nodeA;
    private MongoTokenStore nodeB;

    @BeforeEach
    void start() {
        server = MongoWireServer.start(null, 0);
        client = MongoClients.create(server.connectionString());
        database = client.getDatabase(TenantMongo.PLATFORM_DATABASE);
        nodeA = store("node-a");
        nodeB = store("node-b");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void initializedSegmentsCanBeFetchedWithTheirInitialToken() {
        nodeA.initializeTokenSegments(VIEW, 2, new GlobalSequenceTrackingToken(4));

        assertThat(nodeA.fetchSegments(VIEW)).containsExactly(0, 1);
        assertThat(nodeA.fetchToken(VIEW, 0)).isEqualTo(new GlobalSequenceTrackingToken(4));
        assertThat(nodeA.fetchToken(VIEW, 1)).isEqualTo(new GlobalSequenceTrackingToken(4));
        assertThat(nodeA.fetchSegments("another-view")).isEmpty();
    }

    @Test
    void aSegmentThatWasNeverInitializedCannotBeFetchedOrStored() {
        assertThatThrownBy(() -> nodeA.fetchToken(VIEW, 0))
                .isInstanceOf(UnableToClaimTokenException.class).hasMessageContaining("not been initialized");
        assertThatThrownBy(() -> nodeA.storeToken(new GlobalSequenceTrackingToken(1), VIEW, 0))
                .isInstanceOf(UnableToClaimTokenException.class);
    }

    @Test
    void aStoredTokenIsFetchedBackAndKeptAsBinaryWithItsType() {
        nodeA.initializeTokenSegments(VIEW, 1);
        assertThat(nodeA.fetchToken(VIEW, 0)).isNull();

        nodeA.storeToken(new GlobalSequenceTrackingToken(42), VIEW, 0);

        assertThat(nodeA.fetchToken(VIEW, 0)).isEqualTo(new GlobalSequenceTrackingToken(42));
        Document raw = raw(VIEW + "/0");
        assertThat(raw.get("token")).isInstanceOf(Binary.class);
        assertThat(raw.getString("tokenType")).isEqualTo(GlobalSequenceTrackingToken.class.getName());
        assertThat(raw.getString("processorName")).isEqualTo(VIEW);
        assertThat(raw.getInteger("segment")).isZero();
        assertThat(raw.getString("owner")).isEqualTo("node-a");
    }

    @Test
    void anotherNodeCannotClaimALiveClaimButTakesItOnceTheClaimTimesOut() {
        nodeA.initializeTokenSegments(VIEW, 1);
        nodeA.fetchToken(VIEW, 0);

        clock.advance(CLAIM_TIMEOUT.minusSeconds(1));
        assertThatThrownBy(() -> nodeB.fetchToken(VIEW, 0))
                .isInstanceOf(UnableToClaimTokenException.class).hasMessageContaining("owned by node-a");
        assertThatThrownBy(() -> nodeB.storeToken(new GlobalSequenceTrackingToken(9), VIEW, 0))
                .isInstanceOf(UnableToClaimTokenException.class);
        assertThatThrownBy(() -> nodeB.extendClaim(VIEW, 0)).isInstanceOf(UnableToClaimTokenException.class);
        assertThat(nodeB.fetchAvailableSegments(VIEW)).isEmpty();

        clock.advance(Duration.ofSeconds(2));
        assertThat(nodeB.fetchAvailableSegments(VIEW)).containsExactly(Segment.ROOT_SEGMENT);
        nodeB.storeToken(new GlobalSequenceTrackingToken(9), VIEW, 0);

        assertThat(raw(VIEW + "/0").getString("owner")).isEqualTo("node-b");
        assertThatThrownBy(() -> nodeA.storeToken(new GlobalSequenceTrackingToken(5), VIEW, 0))
                .isInstanceOf(UnableToClaimTokenException.class).hasMessageContaining("owned by node-b");
        assertThat(nodeB.fetchToken(VIEW, 0)).isEqualTo(new GlobalSequenceTrackingToken(9));
    }

    @Test
    void extendingAClaimKeepsItFromTimingOut() {
        nodeA.initializeTokenSegments(VIEW, 1);
        nodeA.fetchToken(VIEW, 0);

        clock.advance(Duration.ofSeconds(8));
        nodeA.extendClaim(VIEW, 0);
        clock.advance(Duration.ofSeconds(8));

        assertThatThrownBy(() -> nodeB.fetchToken(VIEW, 0)).isInstanceOf(UnableToClaimTokenException.class);
    }

    @Test
    void releasingAClaimLetsAnotherNodeTakeItAtOnce() {
        nodeA.initializeTokenSegments(VIEW, 1);
        nodeA.storeToken(new GlobalSequenceTrackingToken(3), VIEW, 0);

        nodeB.releaseClaim(VIEW, 0); // not its claim: ignored
        assertThatThrownBy(() -> nodeB.fetchToken(VIEW, 0)).isInstanceOf(UnableToClaimTokenException.class);

        nodeA.releaseClaim(VIEW, 0);

        assertThat(nodeB.fetchToken(VIEW, 0)).isEqualTo(new GlobalSequenceTrackingToken(3));
        assertThat(raw(VIEW + "/0").getString("owner")).isEqualTo("node-b");
    }

    @Test
    void segmentsAreInitializedOnlyOnce() {
        nodeA.initializeTokenSegments(VIEW, 2);

        assertThatThrownBy(() -> nodeB.initializeTokenSegments(VIEW, 2)).isInstanceOf(UnableToClaimTokenException.class);
        assertThatThrownBy(() -> nodeB.initializeSegment(null, VIEW, 1)).isInstanceOf(UnableToInitializeTokenException.class);
        nodeB.initializeSegment(new GlobalSequenceTrackingToken(7), VIEW, 2);

        assertThat(nodeA.fetchSegments(VIEW)).containsExactly(0, 1, 2);
        assertThat(nodeA.fetchToken(VIEW, 2)).isEqualTo(new GlobalSequenceTrackingToken(7));
    }

    @Test
    void onlyTheOwnerDeletesAToken() {
        nodeA.initializeTokenSegments(VIEW, 2);
        nodeA.fetchToken(VIEW, 1);

        assertThatThrownBy(() -> nodeB.deleteToken(VIEW, 1)).isInstanceOf(UnableToClaimTokenException.class);
        nodeA.deleteToken(VIEW, 1);

        assertThat(nodeA.fetchSegments(VIEW)).containsExactly(0);
    }

    @Test
    void fetchingASegmentThatWasSplitMeanwhileFails() {
        nodeA.initializeTokenSegments(VIEW, 1);
        Segment whole = nodeA.fetchAvailableSegments(VIEW).get(0);
        nodeA.initializeSegment(null, VIEW, 1); // as a split of segment 0 would

        assertThatThrownBy(() -> nodeA.fetchToken(VIEW, whole))
                .isInstanceOf(UnableToClaimTokenException.class).hasMessageContaining("split or merged");
        assertThat(nodeA.fetchToken(VIEW, Segment.computeSegment(0, 0, 1))).isNull();
    }

    @Test
    void theStorageIdentifierIsCreatedOnceAndSharedByEveryNode() {
        String first = nodeA.retrieveStorageIdentifier().orElseThrow();

        assertThat(first).hasSize(36);
        assertThat(nodeA.retrieveStorageIdentifier()).contains(first);
        assertThat(nodeB.retrieveStorageIdentifier()).contains(first);
        assertThat(nodeA.fetchSegments(VIEW)).isEmpty();
    }

    @Test
    void aTrackingProcessorKeepsItsTokenInMongoAndResumesFromItAfterARestart() throws InterruptedException {
        EmbeddedEventStore events = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        List<Object> handled = new CopyOnWriteArrayList<>();
        events.publish(GenericEventMessage.asEventMessage("onboarded"), GenericEventMessage.asEventMessage("targets-set"));

        TrackingEventProcessor first = processor(events, handled, new MongoTokenStore(database, serializer));
        first.start();
        awaitToken(1);
        first.shutDown();
        assertThat(handled).containsExactly("onboarded", "targets-set");
        assertThat(raw(VIEW + "/0").get("owner")).isNull();

        events.publish(GenericEventMessage.asEventMessage("renamed"));
        TrackingEventProcessor restarted = processor(events, handled, new MongoTokenStore(database, serializer));
        restarted.start();
        awaitToken(2);
        restarted.shutDown();
        events.shutDown();

        assertThat(handled).containsExactly("onboarded", "targets-set", "renamed");
    }

    private TrackingEventProcessor processor(EmbeddedEventStore events, List<Object> handled, MongoTokenStore tokens) {
        EventMessageHandler handler = new EventMessageHandler() {
            @Override
            public Object handle(EventMessage<?> event) {
                handled.add(event.getPayload());
                return null;
            }
        };
        return TrackingEventProcessor.builder()
                .name(VIEW)
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler).build())
                .messageSource(events)
                .tokenStore(tokens)
                .transactionManager(NoTransactionManager.INSTANCE)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andEventAvailabilityTimeout(100, TimeUnit.MILLISECONDS))
                .build();
    }

    private void awaitToken(long index) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Document raw = raw(VIEW + "/0");
            if (raw != null && raw.get("token") != null && storedToken(raw).covers(new GlobalSequenceTrackingToken(index))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("token never reached " + index + ": " + raw(VIEW + "/0"));
    }

    private TrackingToken storedToken(Document raw) {
        return serializer.deserialize(new SimpleSerializedObject<>(
                raw.get("token", Binary.class).getData(), byte[].class, raw.getString("tokenType"), null));
    }

    private MongoTokenStore store(String owner) {
        return new MongoTokenStore(database, serializer, owner, CLAIM_TIMEOUT, clock);
    }

    private Document raw(String id) {
        return Mono.from(database.getCollection(MongoTokenStore.COLLECTION).find(Filters.eq("_id", id)).first()).block();
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
