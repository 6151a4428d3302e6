package jp.madoguchi.conversation;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Channels (LINE first), residents and the conversation engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling // housekeeping such as LineRetention
public class ConversationServiceApplication {

    /** Each service reads its own config file, so several can share one JVM and one classpath. */
    public static final String CONFIG_NAME = "spring.config.name=conversation-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(ConversationServiceApplication.class).properties(CONFIG_NAME).run(args);
    }
}
