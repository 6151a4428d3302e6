package jp.madoguchi.conversation.line;

import java.net.URI;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The LINE channel settings, under {@code madoguchi.line.*}.
 *
 * @param apiBaseUrl       the Messaging API (https://api.line.me/ in production, the emulator locally)
 * @param maxWebhookBytes  larger webhook bodies are refused with 413 before any parsing
 * @param channels         each town's channel by tenant id, until tenant-service provides them
 */
@ConfigurationProperties("madoguchi.line")
public record LineProperties(URI apiBaseUrl, @DefaultValue("1048576") int maxWebhookBytes, Map<String, Channel> channels) {

    public LineProperties {
        channels = channels == null ? Map.of() : Map.copyOf(channels);
    }

    /** A town's channel. The secret and token are never logged or returned by an API. */
    public record Channel(String townName, String channelSecret, String channelAccessToken) {
        @Override
        public String toString() {
            return "Channel[townName=" + townName + ", credentials=<hidden>]";
        }
    }
}
