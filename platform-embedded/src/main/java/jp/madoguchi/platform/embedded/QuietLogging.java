package jp.madoguchi.platform.embedded;

import java.util.List;

import org.slf4j.LoggerFactory;

/**
 * Turns down the embedded servers' chatty INFO logging (Kafka alone writes hundreds of lines at start).
 * Only acts when Logback is the SLF4J binding; with any other binding it does nothing.
 */
final class QuietLogging {

    /** Loggers of the embedded servers, not of Madoguchi's own code. */
    static final List<String> NOISY_LOGGERS = List.of(
            "kafka", "org.apache.kafka", "state.change.logger",
            "io.zonky.test.db.postgres", "de.bwaldvogel.mongo", "org.h2");

    private QuietLogging() {
    }

    static void apply() {
        try {
            if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
                for (String name : NOISY_LOGGERS) {
                    ch.qos.logback.classic.Logger logger = context.getLogger(name);
                    // Respect a level somebody configured on purpose (e.g. DEBUG while chasing a bug).
                    if (logger.getLevel() == null) {
                        logger.setLevel(ch.qos.logback.classic.Level.WARN);
                    }
                }
            }
        } catch (LinkageError logbackMissing) {
            // Logback is not on the classpath: leave logging as configured.
        }
    }
}
