package jp.madoguchi.platform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** A Spring Boot test sees the platform's settings with no configuration of its own. */
@ExtendWith(EmbeddedPlatformExtension.class)
@SpringBootTest(classes = EmbeddedPlatformSpringBootTest.NothingButTheEnvironment.class)
class EmbeddedPlatformSpringBootTest {

    @Configuration(proxyBeanMethods = false)
    static class NothingButTheEnvironment {
    }

    @Autowired
    Environment environment;

    @Test
    void springEnvironmentPointsAtTheEmbeddedPlatform() {
        EmbeddedPlatform platform = EmbeddedPlatformExtension.platform();

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(platform.postgres().jdbcUrl("madoguchi"));
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo(platform.kafka().bootstrapServers());
        assertThat(environment.getProperty("spring.data.mongodb.uri")).isEqualTo(platform.mongo().connectionString());
        assertThat(environment.getProperty("madoguchi.line.api-base-url")).isEqualTo(platform.lineEmulator().baseUrl());
    }
}
