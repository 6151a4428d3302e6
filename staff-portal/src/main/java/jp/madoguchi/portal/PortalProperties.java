package jp.madoguchi.portal;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the staff portal, under {@code madoguchi.portal.*}.
 *
 * @param analyticsUrl     base URL of analytics-service
 * @param analyticsTimeout how long a KPI fetch may take before the page says the service is unreachable
 * @param tenantId         the town whose portal this is, until staff sign in with a token naming it
 * @param townName         the town's name as shown in the header
 */
@ConfigurationProperties("madoguchi.portal")
public record PortalProperties(@DefaultValue("http://localhost:8085") URI analyticsUrl,
                               @DefaultValue("3s") Duration analyticsTimeout,
                               @DefaultValue("014834") String tenantId,
                               @DefaultValue("苫前町") String townName) {
}
