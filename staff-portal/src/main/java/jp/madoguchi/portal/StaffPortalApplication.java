package jp.madoguchi.portal;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The town staff's web UI. It keeps no data: every page is rendered from the services' HTTP APIs.
 * staff-portal.yml switches off the stores and messaging that other modules bring onto a shared classpath.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StaffPortalApplication {

    /** Each service reads its own config file, so several can share one JVM and one classpath. */
    public static final String CONFIG_NAME = "spring.config.name=staff-portal";

    public static void main(String[] args) {
        new SpringApplicationBuilder(StaffPortalApplication.class).properties(CONFIG_NAME).run(args);
    }
}
