package jp.madoguchi.procedure;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Procedure definitions built by staff, applications and their lifecycle, reservations, the national template catalogue. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProcedureServiceApplication {

    /** Each service reads its own config file, so several can share one JVM and one classpath. */
    public static final String CONFIG_NAME = "spring.config.name=procedure-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(ProcedureServiceApplication.class).properties(CONFIG_NAME).run(args);
    }
}
