package jp.madoguchi.notification;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Segments, broadcasts and scheduled notices, delivered to residents' channels with idempotency and rate limits. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotificationServiceApplication {

    /** Each service reads its own config file, so several can share one JVM and one classpath. */
    public static final String CONFIG_NAME = "spring.config.name=notification-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(NotificationServiceApplication.class).properties(CONFIG_NAME).run(args);
    }
}
