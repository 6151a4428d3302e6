package jp.madoguchi.platform.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A {@link SecretBox} for services that keep or open a town's channel credentials, made from
 * {@code madoguchi.secrets.*} only when an active key is configured: a service without one has no
 * box, and one that needs it fails at start instead of at the first secret.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "madoguchi.secrets", name = "active-key")
@EnableConfigurationProperties(SecretsProperties.class)
class SecretsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SecretBox secretBox(SecretsProperties props) {
        return new SecretBox(props.keys(), props.activeKey());
    }
}
