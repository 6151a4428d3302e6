package jp.madoguchi.tenant;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Towns (tenants) on the platform and their fiscal-year KPI targets. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TenantServiceApplication {

    /** Each service reads its own config file, so several can share one JVM and one classpath. */
    public static final String CONFIG_NAME = "spring.config.name=tenant-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(TenantServiceApplication.class).properties(CONFIG_NAME).run(args);
    }
}
