package jp.madoguchi.conversation.line;

import com.linecorp.bot.messaging.client.MessagingApiClient;
import com.linecorp.bot.parser.LineSignatureValidator;
import com.linecorp.bot.parser.WebhookParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.madoguchi.platform.tenancy.TenantId;
import org.springframework.stereotype.Component;

/** Each town's own LINE channel: its webhook parser (verifying with its secret) and its API client. */
@Component
public class LineChannels {

    private final LineProperties props;
    private final Map<TenantId, MessagingApiClient> clients = new ConcurrentHashMap<>();
    private final Map<TenantId, WebhookParser> parsers = new ConcurrentHashMap<>();

    public LineChannels(LineProperties props) {
        this.props = props;
    }

    public Optional<LineProperties.Channel> channel(TenantId tenant) {
        return Optional.ofNullable(props.channels().get(tenant.code()));
    }

    public Optional<WebhookParser> parser(TenantId tenant) {
        return channel(tenant).map(c -> parsers.computeIfAbsent(tenant,
                t -> new WebhookParser(new LineSignatureValidator(c.channelSecret().getBytes(StandardCharsets.UTF_8)))));
    }

    public Optional<MessagingApiClient> client(TenantId tenant) {
        return channel(tenant).map(c -> clients.computeIfAbsent(tenant, t -> MessagingApiClient.builder(c.channelAccessToken())
                .apiEndPoint(props.apiBaseUrl())
                // The SDK's wire logger would log the bearer token and residents' messages.
                .usingDefaultLogger(false)
                .build()));
    }
}
