package jp.madoguchi.platform.messaging;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/** {@link ReactiveCommands} for every service that runs Axon (the staff portal does not). */
@AutoConfiguration(after = AxonAutoConfiguration.class)
@ConditionalOnBean(CommandGateway.class)
class CommandsAutoConfiguration {

    @Bean
    ReactiveCommands reactiveCommands(CommandGateway gateway) {
        return new ReactiveCommands(gateway);
    }
}
