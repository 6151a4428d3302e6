package jp.madoguchi.portal;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the staff portal, under {@code madoguchi.portal.*}.
 *
 * @param tenantServiceUrl base URL of tenant-service (sign-in, staff, town settings, audit log)
 * @param analyticsUrl     base URL of analytics-service
 * @param procedureServiceUrl base URL of procedure-service (procedures, applications)
 * @param conversationServiceUrl base URL of conversation-service (reservations; the web chat, for previews): the portal calls it
 *                         and links browsers to it, so it must be reachable from both
 * @param notificationServiceUrl base URL of notification-service (segments, broadcasts)
 * @param serviceTimeout   how long a call to tenant-service may take before the page says it is unreachable
 * @param analyticsTimeout how long a KPI fetch may take before the page says the service is unreachable
 */
@ConfigurationProperties("madoguchi.portal")
public record PortalProperties(@DefaultValue("http://localhost:8081") URI tenantServiceUrl,
                               @DefaultValue("http://localhost:8085") URI analyticsUrl,
                               @DefaultValue("http://localhost:8083") URI procedureServiceUrl,
                               @DefaultValue("http://localhost:8082") URI conversationServiceUrl,
                               @DefaultValue("http://localhost:8084") URI notificationServiceUrl,
                               @DefaultValue("5s") Duration serviceTimeout,
                               @DefaultValue("3s") Duration analyticsTimeout) {
}
