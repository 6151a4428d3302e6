package jp.madoguchi.conversation.line;

import com.linecorp.bot.messaging.client.MessagingApiBlobClient;
import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.parser.LineSignatureValidator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import jp.madoguchi.conversation.channel.ChannelDirectory;
import jp.madoguchi.conversation.channel.TownChannel;
import jp.madoguchi.platform.security.SecretBox;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Each town's own LINE channel: its webhook signature check (with its secret) and its API client,
 * opened from the sealed credentials tenant-service published. A reconfigured channel is opened
 * again on first use; the plain secret and token live only inside the parser and client.
 * The API clients are built on first use, not with the signature check: building one loads the JDK's
 * trust store from disk, which the webhook's event loop must not wait for; the senders that use them
 * run on workers.
 */
@Component
public class LineChannels {

    private record Opened(TownChannel source, LineSignatureValidator signatures, Built<MessagingApiClient> client, Built<MessagingApiBlobClient> blobClient) {
    }

    /** A client built once, by the first caller that needs it. */
    private static final class Built<T> {
        private final Supplier<T> build;
        private volatile T built;

        Built(Supplier<T> build) {
            this.build = build;
        }

        T get() {
            T result = built;
            if (result == null) {
                synchronized (this) {
                    result = built;
                    if (result == null) {
                        result = build.get();
                        built = result;
                    }
                }
            }
            return result;
        }
    }

    private final ChannelDirectory directory;
    private final SecretBox secrets;
    private final LineProperties props;
    private final URI dataApiBaseUrl;
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();

    public LineChannels(ChannelDirectory directory, SecretBox secrets, LineProperties props,
                        @Value("${madoguchi.line.data-api-base-url:}") String dataApiBaseUrl) {
        this.directory = directory;
        this.secrets = secrets;
        this.props = props;
        this.dataApiBaseUrl = dataApiBaseUrl.isBlank() ? props.apiBaseUrl() : URI.create(dataApiBaseUrl);
    }

    /** The town as conversation-service knows it, configured or not. */
    public Optional<TownChannel> channel(TenantId tenant) {
        return directory.find(tenant);
    }

    /** Checks a webhook's X-Line-Signature with the town's channel secret. */
    Optional<LineSignatureValidator> signatures(TenantId tenant) {
        return open(tenant).map(Opened::signatures);
    }

    public Optional<MessagingApiClient> client(TenantId tenant) {
        return open(tenant).map(o -> o.client().get());
    }

    /** The client of LINE's data API (message content, rich-menu images). */
    public Optional<MessagingApiBlobClient> blobClient(TenantId tenant) {
        return open(tenant).map(o -> o.blobClient().get());
    }

    private Optional<Opened> open(TenantId tenant) {
        Optional<TownChannel> channel = directory.find(tenant).filter(TownChannel::configured);
        if (channel.isEmpty()) {
            return Optional.empty();
        }
        TownChannel current = channel.get();
        return Optional.of(opened.compute(tenant.code(), (code, cached) -> cached != null && sameCredentials(cached.source(), current)
                ? cached
                : opened(current)));
    }

    /** The one place a town's sealed secret and token are opened. The SDK's wire loggers would log the bearer token and residents' messages. */
    private Opened opened(TownChannel channel) {
        String token = secrets.open(channel.sealedAccessToken());
        return new Opened(channel,
                new LineSignatureValidator(secrets.open(channel.sealedChannelSecret()).getBytes(StandardCharsets.UTF_8)),
                new Built<>(() -> MessagingApiClient.builder(token).apiEndPoint(props.apiBaseUrl()).usingDefaultLogger(false).build()),
                new Built<>(() -> MessagingApiBlobClient.builder(token).apiEndPoint(dataApiBaseUrl).usingDefaultLogger(false).build()));
    }

    private static boolean sameCredentials(TownChannel a, TownChannel b) {
        return a.sealedChannelSecret().equals(b.sealedChannelSecret()) && a.sealedAccessToken().equals(b.sealedAccessToken());
    }
}
