package jp.madoguchi.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives a test JVM one {@link EmbeddedPlatform} (temporary directory, free ports),
 * started by the first test class that uses it and stopped when the whole run ends. It creates the
 * PostgreSQL database {@value #DATABASE} and publishes {@link EmbeddedPlatform#springProperties} as system
 * properties, so every {@code @SpringBootTest} in the JVM connects to it without further setup.
 *
 * <pre>{@code @ExtendWith(EmbeddedPlatformExtension.class) @SpringBootTest class ...}</pre>
 */
public final class EmbeddedPlatformExtension implements BeforeAllCallback {

    public static final String DATABASE = "madoguchi";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmbeddedPlatformExtension.class);
    private static volatile EmbeddedPlatform running;
    private static final StaffTokens TOKENS = StaffTokens.generate();
    /** The master key id services of this test JVM seal channel credentials with. */
    public static final String SECRET_KEY_ID = "test";
    private static final String SECRET_KEY = randomKey();
    private static final jp.madoguchi.platform.security.SecretBox SECRETS =
            new jp.madoguchi.platform.security.SecretBox(Map.of(SECRET_KEY_ID, SECRET_KEY), SECRET_KEY_ID);

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store lives as long as the test run and closes its resources at the end of it.
        context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunningPlatform.class, key -> RunningPlatform.start(), RunningPlatform.class);
    }

    /** Mints staff tokens the services of this test JVM trust (their {@code madoguchi.security.public-key}). */
    public static StaffTokens tokens() {
        return TOKENS;
    }

    /** Seals and opens secrets with the master key the services of this test JVM use ({@code madoguchi.secrets.*}). */
    public static jp.madoguchi.platform.security.SecretBox secretBox() {
        return SECRETS;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    /** The platform of this test JVM; only available once a test class using the extension has started. */
    public static EmbeddedPlatform platform() {
        EmbeddedPlatform platform = running;
        if (platform == null) {
            throw new IllegalStateException("no embedded platform: annotate the test class with @ExtendWith(EmbeddedPlatformExtension.class)");
        }
        return platform;
    }

    private record RunningPlatform(EmbeddedPlatform platform, Path dataDir, Map<String, String> published) implements ExtensionContext.Store.CloseableResource {

        static RunningPlatform start() {
            Path dir;
            try {
                dir = Files.createTempDirectory("madoguchi-embedded-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPlatform platform = EmbeddedPlatform.start(dir, EmbeddedPlatform.Ports.random());
            platform.postgres().createDatabaseIfMissing(DATABASE);
            Map<String, String> published = new java.util.LinkedHashMap<>(platform.springProperties(DATABASE));
            published.put("madoguchi.security.public-key", TOKENS.publicKeyPem());
            published.put("madoguchi.secrets.keys." + SECRET_KEY_ID, SECRET_KEY);
            published.put("madoguchi.secrets.active-key", SECRET_KEY_ID);
            published.forEach(System::setProperty);
            // Spring Boot re-initialises Logback when a context starts, undoing QuietLogging; these survive that.
            for (String logger : QuietLogging.NOISY_LOGGERS) {
                if (System.getProperty("logging.level." + logger) == null) {
                    System.setProperty("logging.level." + logger, "WARN");
                }
            }
            running = platform;
            return new RunningPlatform(platform, dir, published);
        }

        @Override
        public void close() {
            running = null;
            try {
                platform.close();
            } finally {
                for (String key : published.keySet()) {
                    System.clearProperty(key);
                }
                deleteRecursively(dataDir);
            }
        }

        private static void deleteRecursively(Path dir) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A leftover temp directory is untidy, not wrong.
            }
        }
    }

}
