package jp.madoguchi.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.UUID;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import java.util.stream.Stream;

/**
 * Keeps every published contract version readable: each has a fixture under
 * {@code contracts/<Type>.v<N>.json} written when it was published, and the fixture must still
 * decode, with every field of the record filled. Changing a published record so that an old
 * message no longer reads fails here.
 */
class EventContractCompatibilityTest {

    private final IntegrationEventCodec codec = new IntegrationEventCodec();

    @TestFactory
    Stream<DynamicTest> everyPublishedVersionHasAFixtureThatStillDecodes() {
        return EventContracts.ALL.stream().map(contract -> {
            EventContract c = EventContracts.annotationOf(contract);
            String fixture = "/contracts/" + c.type() + ".v" + c.version() + ".json";
            return DynamicTest.dynamicTest(fixture, () -> {
                EventEnvelope envelope = codec.decode(read(fixture));
                assertThat(envelope.type()).isEqualTo(c.type());
                assertThat(envelope.version()).isEqualTo(c.version());
                Record payload = codec.payload(envelope).orElseThrow();
                assertThat(payload).isInstanceOf(contract);
                for (RecordComponent field : contract.getRecordComponents()) {
                    assertThat(field.getAccessor().invoke(payload)).as(c.type() + "." + field.getName()).isNotNull();
                }
            });
        });
    }

    @Test
    void roundTripsAnEnvelopeWithExplicitTypeAndVersion() {
        var followed = new jp.madoguchi.platform.events.contracts.ResidentFollowed("r1", "LINE", "U1", java.time.Instant.parse("2026-04-01T00:00:00Z"));
        EventEnvelope envelope = codec.wrap(UUID.randomUUID(), "014834", java.time.Instant.now(), "014834:LINE:U1", 3, followed);
        String json = new String(codec.encode(envelope), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).contains("\"type\":\"ResidentFollowed\"", "\"version\":1", "\"tenantId\":\"014834\"");
        assertThat(codec.payload(codec.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).contains(followed);
    }

    @Test
    void aNewerProducerAddingAFieldDoesNotBreakThisConsumer() throws IOException {
        String json = new String(read("/contracts/ResidentUnfollowed.v1.json"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"channel\"", "\"reason\":\"blocked\",\"channel\"");
        assertThat(codec.payload(codec.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).isPresent();
    }

    @Test
    void anApplicationSubmittedPublishedBeforeChannelUserIdReadsWithoutOne() throws IOException {
        var payload = codec.payload(codec.decode(read("/contracts/ApplicationSubmitted.v1.json")));
        assertThat(payload).get().isInstanceOfSatisfying(jp.madoguchi.platform.events.contracts.ApplicationSubmitted.class, e -> {
            assertThat(e.receiptNumber()).isEqualTo("2026-000001");
            assertThat(e.channelUserId()).isEmpty();
        });
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = EventContractCompatibilityTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("fixture " + resource + " exists (add one when publishing a contract version)").isNotNull();
            return in.readAllBytes();
        }
    }
}
