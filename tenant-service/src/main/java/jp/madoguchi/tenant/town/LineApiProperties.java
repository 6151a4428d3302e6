package jp.madoguchi.tenant.town;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where tenant-service reaches the LINE Messaging API to check a town's channel, under {@code madoguchi.line.*}.
 *
 * @param apiBaseUrl https://api.line.me/ in production, the LINE emulator locally
 */
@ConfigurationProperties("madoguchi.line")
record LineApiProperties(URI apiBaseUrl) {
}
