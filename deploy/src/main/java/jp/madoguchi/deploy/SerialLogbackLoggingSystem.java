package jp.madoguchi.deploy;

import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;

/**
 * Logback is one per JVM, but every Spring application the launcher starts initializes it again,
 * and two starting at once corrupt it (a ConcurrentModificationException inside Logback was seen).
 * This logging system lets only one application at a time touch Logback.
 */
class SerialLogbackLoggingSystem extends LogbackLoggingSystem {

    private static final Object LOGBACK = new Object();

    public SerialLogbackLoggingSystem(ClassLoader classLoader) {
        super(classLoader);
    }

    /** Makes every Spring application started after this call in this JVM use this logging system. */
    static void install() {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", SerialLogbackLoggingSystem.class.getName());
    }

    @Override
    public void beforeInitialize() {
        synchronized (LOGBACK) {
            super.beforeInitialize();
        }
    }

    @Override
    public void initialize(LoggingInitializationContext initializationContext, String configLocation, LogFile logFile) {
        synchronized (LOGBACK) {
            super.initialize(initializationContext, configLocation, logFile);
        }
    }

    @Override
    public void setLogLevel(String loggerName, LogLevel level) {
        synchronized (LOGBACK) {
            super.setLogLevel(loggerName, level);
        }
    }

    @Override
    public void cleanUp() {
        synchronized (LOGBACK) {
            super.cleanUp();
        }
    }
}
