package jp.madoguchi.conversation.session;

import java.time.Clock;
import java.time.Duration;
import jp.madoguchi.conversation.engine.ConversationEngine;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine the {@link Conversation} aggregate runs each turn with (injected into its command handlers). */
@Configuration(proxyBeanMethods = false)
public class SessionConfiguration {

    /**
     * {@code madoguchi.conversation.*}.
     *
     * @param idleTimeout after this long without input, the resident is asked whether to carry on where they left off
     */
    @ConfigurationProperties("madoguchi.conversation")
    public record ConversationProperties(@DefaultValue("30m") Duration idleTimeout) {
    }

    @Bean
    ConversationEngine conversationEngine(ConversationProperties props) {
        return new ConversationEngine(Clock.systemUTC(), props.idleTimeout());
    }
}
