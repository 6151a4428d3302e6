package jp.madoguchi.analytics;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** KPI projections per town and fiscal year, measured against each town's targets. */
@SpringBootApplication
public class AnalyticsServiceApplication {

    /** Each service reads its own config file, so several can share one JVM and one classpath. */
    public static final String CONFIG_NAME = "spring.config.name=analytics-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(AnalyticsServiceApplication.class).properties(CONFIG_NAME).run(args);
    }
}
