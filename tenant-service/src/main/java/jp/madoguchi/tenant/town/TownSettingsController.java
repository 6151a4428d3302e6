package jp.madoguchi.tenant.town;

import com.linecorp.bot.client.base.exception.AbstractLineClientException;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import jp.madoguchi.platform.security.ApiProblems;
import jp.madoguchi.platform.security.SecretBox;
import jp.madoguchi.platform.tenancy.TenantId;
import jp.madoguchi.tenant.town.TownMessages.ConfigureLineChannel;
import jp.madoguchi.tenant.town.TownMessages.District;
import jp.madoguchi.tenant.town.TownMessages.SetDistricts;
import jp.madoguchi.tenant.town.TownMessages.SetFeatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A town's own settings, changed by its admins: the LINE channel (sealed before it goes anywhere),
 * districts and features; and the channel check that asks LINE whether the stored token works.
 */
@RestController
@PreAuthorize("hasRole('ADMIN')")
class TownSettingsController {

    private static final Logger log = LoggerFactory.getLogger(TownSettingsController.class);
    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(10);

    /** What staff paste from the LINE Developers console; never logged. */
    public record LineChannelRequest(String channelId, String channelSecret, String channelAccessToken) {
        @Override
        public String toString() {
            return "LineChannelRequest[channelId=" + channelId + ", credentials=<hidden>]";
        }
    }

    public record FeaturesRequest(List<String> features) {
    }

    /** The answer of a channel check; {@code problem} is Japanese, the portal shows it as is. */
    public record ChannelCheck(boolean ok, String botDisplayName, String problem) {
        static ChannelCheck ok(String botDisplayName) {
            return new ChannelCheck(true, botDisplayName, null);
        }

        static ChannelCheck failed(String problem) {
            return new ChannelCheck(false, null, problem);
        }
    }

    private final TownCommands commands;
    private final TownProjection towns;
    private final SecretBox secrets;
    private final LineApiProperties line;

    public TownSettingsController(TownCommands commands, TownProjection towns, SecretBox secrets, LineApiProperties line) {
        this.commands = commands;
        this.towns = towns;
        this.secrets = secrets;
        this.line = line;
    }

    @PutMapping("/api/towns/{tenantId}/line-channel")
    public Mono<ResponseEntity<Void>> configureLineChannel(TenantId tenant, @RequestBody LineChannelRequest request) {
        String secret = strippedOrNull(request.channelSecret());
        String token = strippedOrNull(request.channelAccessToken());
        // Sealed here, before the command exists: plain text never reaches the event store or Kafka.
        ConfigureLineChannel command = new ConfigureLineChannel(tenant.code(), request.channelId(),
                secret == null ? null : secrets.seal(secret),
                token == null ? null : secrets.seal(token),
                token == null ? null : SecretBox.fingerprint(token),
                Instant.now());
        return commands.send(tenant, command, "Invalid LINE channel")
                .doOnSuccess(r -> log.info("event=line-channel-configured tenant={} channelId={}", tenant, command.channelId()));
    }

    @PutMapping("/api/towns/{tenantId}/districts")
    public Mono<ResponseEntity<Void>> setDistricts(TenantId tenant, @RequestBody List<District> districts) {
        return commands.send(tenant, new SetDistricts(tenant.code(), districts), "Invalid districts");
    }

    @PutMapping("/api/towns/{tenantId}/features")
    public Mono<ResponseEntity<Void>> setFeatures(TenantId tenant, @RequestBody FeaturesRequest request) {
        return commands.send(tenant, new SetFeatures(tenant.code(), request.features()), "Invalid features");
    }

    /** Asks LINE for the bot's profile with the stored token: what a wrong or revoked token shows first. */
    @PostMapping("/api/towns/{tenantId}/line-channel/check")
    public Mono<ChannelCheck> checkLineChannel(TenantId tenant) {
        return towns.find(tenant)
                .switchIfEmpty(Mono.error(() -> TownCommands.notOnboarded(tenant)))
                .flatMap(town -> towns.sealedChannel(tenant)
                        // opening the credentials and building a client read files: not on the event loop
                        .flatMap(sealed -> Mono.defer(() -> ask(tenant, sealed)).subscribeOn(Schedulers.boundedElastic()))
                        .defaultIfEmpty(ChannelCheck.failed("LINEチャネルがまだ登録されていません。チャネルID、チャネルシークレット、"
                                + "チャネルアクセストークンを登録してください。")));
    }

    private Mono<ChannelCheck> ask(TenantId tenant, TownProjection.SealedChannel sealed) {
        String token;
        try {
            token = secrets.open(sealed.sealedAccessToken());
        } catch (RuntimeException e) {
            log.warn("event=line-channel-check-unsealable tenant={} reason={}", tenant, e.getMessage());
            throw ApiProblems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Channel credentials unreadable",
                    "the stored channel credentials cannot be opened with this service's master key; register the channel again");
        }
        MessagingApiClient client = MessagingApiClient.builder(token)
                .apiEndPoint(line.apiBaseUrl())
                // the SDK's wire logger would log the bearer token
                .usingDefaultLogger(false)
                .build();
        return Mono.fromFuture(client::getBotInfo)
                .timeout(LINE_TIMEOUT)
                .map(result -> ChannelCheck.ok(result.body().displayName()))
                .onErrorResume(e -> Mono.just(problemOf(tenant, e)));
    }

    private static ChannelCheck problemOf(TenantId tenant, Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof AbstractLineClientException line) {
            log.info("event=line-channel-check-failed tenant={} status={}", tenant, line.getCode());
            if (line.getCode() == 401) {
                return ChannelCheck.failed("チャネルアクセストークンが正しくありません。LINE Developersコンソールで発行し直し、登録し直してください。");
            }
            if (line.getCode() == 429) {
                return ChannelCheck.failed("LINEへの問い合わせが多すぎます。しばらくしてからもう一度お試しください。");
            }
            return ChannelCheck.failed("LINEがエラーを返しました（HTTP " + line.getCode() + "）。しばらくしてからもう一度お試しください。");
        }
        log.info("event=line-channel-check-failed tenant={} reason={}", tenant, cause.getClass().getSimpleName());
        if (cause instanceof TimeoutException) {
            return ChannelCheck.failed("LINEから応答がありませんでした。しばらくしてからもう一度お試しください。");
        }
        return ChannelCheck.failed("LINEに接続できませんでした。しばらくしてからもう一度お試しください。");
    }

    private static String strippedOrNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
