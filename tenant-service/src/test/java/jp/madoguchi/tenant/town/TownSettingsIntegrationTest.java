package jp.madoguchi.tenant.town;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import jp.madoguchi.platform.embedded.EmbeddedPlatformExtension;
import jp.madoguchi.platform.events.EventEnvelope;
import jp.madoguchi.platform.events.IntegrationEventCodec;
import jp.madoguchi.platform.events.Topics;
import jp.madoguchi.platform.events.contracts.TenantChannelConfigured;
import jp.madoguchi.platform.security.Role;
import jp.madoguchi.platform.security.SecretBox;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A town's settings and its suspension over HTTP, against the embedded platform and the LINE emulator. */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=tenant-service")
class TownSettingsIntegrationTest {

    private static final String SHOSANBETSU = "014869";
    private static final String ENBETSU = "014877";
    private static final String SECRET = "channel-secret-of-014869-5f1c";
    private static final String TOKEN = "channel-access-token-of-014869-9a7e";

    @Autowired
    WebTestClient http;

    @Test
    void aConfiguredChannelShowsOnlyItsFingerprintAndIsPublishedSealed() {
        onboard(SHOSANBETSU, "初山別村");

        asAdminOf(SHOSANBETSU).post().uri("/api/towns/{t}/line-channel/check", SHOSANBETSU).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.ok").isEqualTo(false)
                .jsonPath("$.problem").value(p -> assertThat((String) p).contains("まだ登録されていません"));

        putChannel(SHOSANBETSU, "2000014869", SECRET, TOKEN).expectStatus().isNoContent();

        awaitTown(SHOSANBETSU, view -> view.lineChannel() != null);
        String json = new String(asViewerOf(SHOSANBETSU).get().uri("/api/towns/{t}", SHOSANBETSU).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"channelId\":\"2000014869\"").contains(SecretBox.fingerprint(TOKEN))
                .doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain("sealed")
                .doesNotContain(EmbeddedPlatformExtension.SECRET_KEY_ID + ":");

        ConsumerRecord<String, byte[]> published = awaitPublished(SHOSANBETSU, "TenantChannelConfigured");
        String wire = new String(published.value(), StandardCharsets.UTF_8);
        assertThat(wire).doesNotContain(SECRET).doesNotContain(TOKEN);
        TenantChannelConfigured channel = new IntegrationEventCodec().payload(new IntegrationEventCodec().decode(published.value()),
                TenantChannelConfigured.class);
        assertThat(channel.channelId()).isEqualTo("2000014869");
        assertThat(EmbeddedPlatformExtension.secretBox().open(channel.sealedChannelSecret())).isEqualTo(SECRET);
        assertThat(EmbeddedPlatformExtension.secretBox().open(channel.sealedAccessToken())).isEqualTo(TOKEN);
        assertThat(channel.fingerprint()).isEqualTo(SecretBox.fingerprint(TOKEN));
        assertThat(awaitPublished(SHOSANBETSU, "TenantOnboarded")).isNotNull();

        // the check asks the emulator for the bot's profile with the stored token
        asAdminOf(SHOSANBETSU).post().uri("/api/towns/{t}/line-channel/check", SHOSANBETSU).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.ok").isEqualTo(true)
                .jsonPath("$.botDisplayName").value(n -> assertThat((String) n).startsWith("Emulated bot "));

        // a token LINE refuses (the emulator refuses tokens starting "invalid")
        putChannel(SHOSANBETSU, "2000014869", SECRET, "invalid-token-of-014869").expectStatus().isNoContent();
        awaitTown(SHOSANBETSU, view -> view.lineChannel().fingerprint().equals(SecretBox.fingerprint("invalid-token-of-014869")));
        awaitCheck(SHOSANBETSU, check -> !check.ok() && check.problem().contains("チャネルアクセストークンが正しくありません"));
    }

    @Test
    void onlyAdminsChangeAChannelAndEveryPartIsRequired() {
        onboard(ENBETSU, "遠別町");
        asStaffOf(ENBETSU).put().uri("/api/towns/{t}/line-channel", ENBETSU).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("channelId", "1", "channelSecret", "s", "channelAccessToken", "t")).exchange()
                .expectStatus().isForbidden();
        asAdminOf(SHOSANBETSU).put().uri("/api/towns/{t}/line-channel", ENBETSU).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("channelId", "1", "channelSecret", "s", "channelAccessToken", "t")).exchange()
                .expectStatus().isForbidden();
        putChannel(ENBETSU, "abc", " ", "token").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d)
                        .contains("channelId must be the channel's number").contains("channelSecret is required"));
        putChannel("131016", "2000131016", "s", "t").expectStatus().isNotFound();
    }

    @Test
    void districtsAndFeaturesAreValidatedAndShown() {
        onboard(ENBETSU, "遠別町");
        asAdminOf(ENBETSU).put().uri("/api/towns/{t}/districts", ENBETSU).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("code", "01", "name", "本町"), Map.of("code", "01", "name", "旭"))).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("code '01' is used twice"));
        asAdminOf(ENBETSU).put().uri("/api/towns/{t}/districts", ENBETSU).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("code", "01", "name", ""))).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("district 1: name is required"));
        asAdminOf(ENBETSU).put().uri("/api/towns/{t}/features", ENBETSU).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("features", List.of("applications", "snow-removal"))).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("unknown feature 'snow-removal'"));
        asStaffOf(ENBETSU).put().uri("/api/towns/{t}/features", ENBETSU).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("features", List.of("applications"))).exchange()
                .expectStatus().isForbidden();

        asAdminOf(ENBETSU).put().uri("/api/towns/{t}/districts", ENBETSU).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("code", "01", "name", "本町"), Map.of("code", "02", "name", "旭"))).exchange()
                .expectStatus().isNoContent();
        asAdminOf(ENBETSU).put().uri("/api/towns/{t}/features", ENBETSU).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("features", List.of("web-chat", "applications"))).exchange()
                .expectStatus().isNoContent();

        TownView town = awaitTown(ENBETSU, view -> !view.districts().isEmpty() && !view.features().isEmpty());
        assertThat(town.districts()).containsExactly(new TownView.DistrictView("01", "本町"), new TownView.DistrictView("02", "旭"));
        assertThat(town.features()).containsExactly("applications", "web-chat");
        assertThat(town.lineChannel()).isNull();
    }

    @Test
    void operatorsSuspendAndReactivateATownAndListEveryTown() {
        onboard(ENBETSU, "遠別町");
        asAdminOf(ENBETSU).post().uri("/api/operator/towns/{t}/suspend", ENBETSU).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "x")).exchange().expectStatus().isForbidden();
        asOperator().post().uri("/api/operator/towns/{t}/suspend", ENBETSU).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", " ")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("reason is required"));
        asOperator().post().uri("/api/operator/towns/{t}/suspend", "131016").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "契約終了")).exchange().expectStatus().isNotFound();

        asOperator().post().uri("/api/operator/towns/{t}/suspend", ENBETSU).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "契約終了")).exchange().expectStatus().isNoContent();
        assertThat(awaitTown(ENBETSU, view -> view.status().equals(TownView.SUSPENDED)).status()).isEqualTo(TownView.SUSPENDED);
        awaitListed(ENBETSU, TownView.SUSPENDED);
        assertThat(awaitPublished(ENBETSU, "TenantSuspended")).isNotNull();

        asOperator().post().uri("/api/operator/towns/{t}/reactivate", ENBETSU).exchange().expectStatus().isNoContent();
        awaitTown(ENBETSU, view -> view.status().equals(TownView.ACTIVE));
        TownView.Summary listed = awaitListed(ENBETSU, TownView.ACTIVE);
        assertThat(listed).isEqualTo(new TownView.Summary(ENBETSU, "遠別町", "北海道", TownView.ACTIVE));
        assertThat(awaitPublished(ENBETSU, "TenantReactivated")).isNotNull();

        asAdminOf(ENBETSU).get().uri("/api/operator/towns").exchange().expectStatus().isForbidden();
    }

    private void onboard(String code, String name) {
        int status = asOperator().post().uri("/api/operator/towns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tenantId", code, "name", name, "nameKana", "かな", "prefecture", "北海道", "population", 1000,
                        "admin", Map.of("loginId", "admin-" + code, "displayName", "管理者")))
                .exchange().returnResult(Void.class).getStatus().value();
        assertThat(status).as("onboarding %s", code).isIn(201, 409);
    }

    private WebTestClient.ResponseSpec putChannel(String town, String channelId, String secret, String token) {
        return asAdminOf(town).put().uri("/api/towns/{t}/line-channel", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("channelId", channelId, "channelSecret", secret, "channelAccessToken", token))
                .exchange();
    }

    private WebTestClient asOperator() {
        return as(EmbeddedPlatformExtension.tokens().operator());
    }

    private WebTestClient asAdminOf(String town) {
        return as(EmbeddedPlatformExtension.tokens().town(town, Role.ADMIN));
    }

    private WebTestClient asStaffOf(String town) {
        return as(EmbeddedPlatformExtension.tokens().town(town, Role.STAFF));
    }

    private WebTestClient asViewerOf(String town) {
        return as(EmbeddedPlatformExtension.tokens().town(town, Role.VIEWER));
    }

    private WebTestClient as(String token) {
        return http.mutate().defaultHeaders(h -> h.setBearerAuth(token)).build();
    }

    private TownView awaitTown(String code, Predicate<TownView> ready) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            TownView view = asViewerOf(code).get().uri("/api/towns/{t}", code).exchange()
                    .returnResult(TownView.class).getResponseBody().blockFirst(Duration.ofSeconds(5));
            if (view != null && view.tenantId() != null && ready.test(view)) {
                return view;
            }
            assertThat(Instant.now()).as("town %s projected in time", code).isBefore(deadline);
            sleep(200);
        }
    }

    private void awaitCheck(String code, Predicate<TownSettingsController.ChannelCheck> expected) {
        Instant deadline = Instant.now().plusSeconds(20);
        TownSettingsController.ChannelCheck check;
        do {
            check = asAdminOf(code).post().uri("/api/towns/{t}/line-channel/check", code).exchange()
                    .returnResult(TownSettingsController.ChannelCheck.class).getResponseBody().blockFirst(Duration.ofSeconds(15));
            if (check != null && expected.test(check)) {
                return;
            }
            sleep(200);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("channel check of " + code + " never answered as expected; last: " + check);
    }

    private TownView.Summary awaitListed(String code, String status) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            List<TownView.Summary> towns = asOperator().get().uri("/api/operator/towns").exchange()
                    .expectStatus().isOk().returnResult(TownView.Summary.class).getResponseBody().collectList().block(Duration.ofSeconds(5));
            TownView.Summary found = towns.stream().filter(t -> t.tenantId().equals(code)).findFirst().orElse(null);
            if (found != null && found.status().equals(status)) {
                return found;
            }
            assertThat(Instant.now()).as("town %s listed as %s in time", code, status).isBefore(deadline);
            sleep(200);
        }
    }

    private static ConsumerRecord<String, byte[]> awaitPublished(String tenant, String type) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("spring.kafka.bootstrap-servers"));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        IntegrationEventCodec codec = new IntegrationEventCodec();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TENANT_EVENTS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    EventEnvelope envelope = codec.decode(record.value());
                    if (envelope.tenantId().equals(tenant) && envelope.type().equals(type)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no " + type + " for " + tenant + " on " + Topics.TENANT_EVENTS + " within 30 s");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
