package jp.madoguchi.conversation.line;

import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.parser.LineSignatureValidator;
import com.linecorp.bot.parser.WebhookParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.madoguchi.conversation.channel.ChannelDirectory;
import jp.madoguchi.conversation.channel.TownChannel;
import jp.madoguchi.platform.security.SecretBox;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.stereotype.Component;

/**
 * Each town's own LINE channel: its webhook parser (verifying with its secret) and its API client,
 * opened from the sealed credentials tenant-service published. A reconfigured channel is opened
 * again on first use; the plain secret and token live only inside the parser and client.
 */
@Component
public class LineChannels {

    private record Opened(TownChannel source, WebhookParser parser, MessagingApiClient client) {
    }

    private final ChannelDirectory directory;
    private final SecretBox secrets;
    private final LineProperties props;
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();

    public LineChannels(ChannelDirectory directory, SecretBox secrets, LineProperties props) {
        this.directory = directory;
        this.secrets = secrets;
        this.props = props;
    }

    /** The town as conversation-service knows it, configured or not. */
    public Optional<TownChannel> channel(TenantId tenant) {
        return directory.find(tenant);
    }

    public Optional<WebhookParser> parser(TenantId tenant) {
        return open(tenant).map(Opened::parser);
    }

    public Optional<MessagingApiClient> client(TenantId tenant) {
        return open(tenant).map(Opened::client);
    }

    private Optional<Opened> open(TenantId tenant) {
        Optional<TownChannel> channel = directory.find(tenant).filter(TownChannel::configured);
        if (channel.isEmpty()) {
            return Optional.empty();
        }
        TownChannel current = channel.get();
        return Optional.of(opened.compute(tenant.code(), (code, cached) -> cached != null && sameCredentials(cached.source(), current)
                ? cached
                : new Opened(current,
                        new WebhookParser(new LineSignatureValidator(secrets.open(current.sealedChannelSecret()).getBytes(StandardCharsets.UTF_8))),
                        MessagingApiClient.builder(secrets.open(current.sealedAccessToken()))
                                .apiEndPoint(props.apiBaseUrl())
                                // The SDK's wire logger would log the bearer token and residents' messages.
                                .usingDefaultLogger(false)
                                .build())));
    }

    private static boolean sameCredentials(TownChannel a, TownChannel b) {
        return a.sealedChannelSecret().equals(b.sealedChannelSecret()) && a.sealedAccessToken().equals(b.sealedAccessToken());
    }
}
