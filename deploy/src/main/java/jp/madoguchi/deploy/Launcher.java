package jp.madoguchi.deploy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import jp.madoguchi.analytics.AnalyticsServiceApplication;
import jp.madoguchi.conversation.ConversationServiceApplication;
import jp.madoguchi.notification.NotificationServiceApplication;
import jp.madoguchi.platform.embedded.EmbeddedPlatform;
import jp.madoguchi.platform.embedded.StaffTokens;
import jp.madoguchi.portal.StaffPortalApplication;
import jp.madoguchi.procedure.ProcedureServiceApplication;
import jp.madoguchi.tenant.TenantServiceApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The local launcher: the embedded platform (Kafka, PostgreSQL, Mongo wire server, LINE emulator)
 * and every service in one JVM, each in its own Spring context on its own port, with data under
 * one directory that survives restarts. Seeds the demo town 苫前町 and prints where to go.
 */
public final class Launcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    /** A service the launcher runs: its application class, config name, port and own database. */
    /** Each service's management port is its port plus this (8082 → 9082). */
    static final int MANAGEMENT_OFFSET = 1000;
    static final String MANAGEMENT_ADDRESS = "127.0.0.1";

    record Service(String name, Class<?> application, int port, String database) {
    }

    private final LauncherOptions options;
    private final EmbeddedPlatform platform;
    private final Map<String, ConfigurableApplicationContext> contexts = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Service> services;
    private final StaffTokens signingKey;
    /** Seals towns' LINE channel credentials at rest (base64 of 32 bytes), kept under the data directory. */
    private final String masterKey;

    private Launcher(LauncherOptions options, EmbeddedPlatform platform) {
        this.options = options;
        this.platform = platform;
        this.signingKey = StaffTokens.loadOrCreate(options.dataDir().resolve("identity").resolve("signing-key.pem"));
        this.masterKey = loadOrCreateMasterKey(options.dataDir().resolve("identity").resolve("master-key"));
        int o = options.portOffset();
        this.services = List.of(
                new Service("tenant-service", TenantServiceApplication.class, 8081 + o, "madoguchi_tenant"),
                new Service("conversation-service", ConversationServiceApplication.class, 8082 + o, "madoguchi_conversation"),
                new Service("procedure-service", ProcedureServiceApplication.class, 8083 + o, "madoguchi_procedure"),
                new Service("notification-service", NotificationServiceApplication.class, 8084 + o, "madoguchi_notification"),
                new Service("analytics-service", AnalyticsServiceApplication.class, 8085 + o, "madoguchi_analytics"),
                new Service("staff-portal", StaffPortalApplication.class, 8080 + o, null));
    }

    public static void main(String[] args) {
        Launcher launcher = start(LauncherOptions.parse(args));
        // The only shutdown hook: services first, then the servers under them (see EmbeddedPlatform.start).
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "madoguchi-shutdown"));
        launcher.printWelcome();
    }

    /** Starts everything and returns once every service is healthy and the demo town is seeded. */
    public static Launcher start(LauncherOptions options) {
        if (options.wipe()) {
            deleteRecursively(options.dataDir());
        }
        int o = options.portOffset();
        EmbeddedPlatform platform = EmbeddedPlatform.start(options.dataDir(),
                new EmbeddedPlatform.Ports(19092 + o, 15432 + o, 27027 + o, 8090 + o), false);
        Launcher launcher = new Launcher(options, platform);
        try {
            launcher.startServices();
            launcher.awaitHealthy();
            DemoSeed.seed(launcher.url("tenant-service"), launcher.url("procedure-service"), launcher.url("conversation-service"));
            DemoSeed.registerWithSimulator(platform.lineEmulator(), launcher.url("conversation-service"));
            return launcher;
        } catch (RuntimeException e) {
            launcher.close();
            throw e;
        }
    }

    private void startServices() {
        for (Service s : services) {
            if (s.database() != null) {
                platform.postgres().createDatabaseIfMissing(s.database());
            }
        }
        SerialLogbackLoggingSystem.install();
        // Two at a time: on two cores more parallel starts only contend for the CPU.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture.allOf(services.stream()
                    .map(s -> CompletableFuture.runAsync(() -> contexts.put(s.name(), startService(s)), pool))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }
    }

    /** Ready means what an operator's probe sees: every service's health endpoint answers UP. */
    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (Service s : services) {
            URI health = managementUrl(s.name()).resolve("/actuator/health");
            while (!isUp(http, health)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(s.name() + " did not become healthy at " + health);
                }
                sleep(200);
            }
        }
    }

    private static boolean isUp(HttpClient http, URI health) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ConfigurableApplicationContext startService(Service s) {
        List<String> args = new ArrayList<>();
        // Command-line arguments outrank each service's own yml, which a builder's properties would not.
        args.add("--server.port=" + s.port());
        // health and metrics on their own port, on the loopback only: the scraper and probes reach them, the internet does not
        args.add("--management.server.port=" + (s.port() + MANAGEMENT_OFFSET));
        args.add("--management.server.address=" + MANAGEMENT_ADDRESS);
        if (s.database() != null) {
            platform.springProperties(s.database()).forEach((k, v) -> args.add("--" + k + "="
                    + (k.equals("madoguchi.line.api-base-url") && options.lineApi() != null ? options.lineApi() : v)));
        }
        args.add("--madoguchi.portal.analytics-url=" + url("analytics-service"));
        args.add("--madoguchi.portal.tenant-service-url=" + url("tenant-service"));
        args.add("--madoguchi.portal.procedure-service-url=" + url("procedure-service"));
        args.add("--madoguchi.portal.conversation-service-url=" + url("conversation-service"));
        args.add("--madoguchi.portal.notification-service-url=" + url("notification-service"));
        // staff tokens: tenant-service signs them with the key kept under the data directory, every service verifies them
        if (s.name().equals("tenant-service")) {
            // tenant-service signs with the key kept under the data directory and verifies its own tokens with its public half
            args.add("--madoguchi.security.public-key=" + signingKey.publicKeyPem());
            args.add("--madoguchi.identity.signing-key=" + signingKey.privateKeyPem());
            args.add("--madoguchi.identity.bootstrap-operator.login-id=" + DemoSeed.OPERATOR_LOGIN_ID);
            args.add("--madoguchi.identity.bootstrap-operator.password=" + DemoSeed.OPERATOR_PASSWORD);
        } else {
            // every other service fetches the keys from tenant-service, as in production
            args.add("--madoguchi.security.jwks-uri=" + url("tenant-service").resolve("/.well-known/jwks.json"));
        }
        if (s.name().equals("conversation-service")) {
            // residents' calendar links point at this instance's conversation-service
            args.add("--madoguchi.reservations.public-base-url=" + url("conversation-service"));
        }
        if (s.name().equals("tenant-service") || s.name().equals("conversation-service") || s.name().equals("notification-service")) {
            // the services that seal or open towns' channel credentials
            args.add("--madoguchi.secrets.keys.k1=" + masterKey);
            args.add("--madoguchi.secrets.active-key=k1");
        }
        // one logging system serves every context: a single application name in its lines would mislead
        args.add("--logging.include-application-name=false");
        return new SpringApplicationBuilder(s.application())
                .properties("spring.config.name=" + s.name())
                .registerShutdownHook(false)
                // Reactor Netty loops and connection pool of its own: closing a context that uses Spring's default (the
                // JVM-wide ones) disposes them, which stops the servers of every other launcher in the JVM (tests share one)
                .initializers(context -> ((GenericApplicationContext) context).registerBean("launcherReactorResourceFactory",
                        ReactorResourceFactory.class, () -> {
                            ReactorResourceFactory own = new ReactorResourceFactory();
                            own.setUseGlobalResources(false);
                            return own;
                        }))
                .run(args.toArray(String[]::new));
    }

    /** The master key of this data directory, created once (readable by the owner only) and kept across restarts. */
    static String loadOrCreateMasterKey(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            String encoded = java.util.Base64.getEncoder().encodeToString(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, encoded + "\n");
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            return encoded;
        } catch (IOException e) {
            throw new IllegalStateException("cannot load or create the master key " + file, e);
        }
    }

    /** Where a service's actuator (health, Prometheus) answers: its port + {@value #MANAGEMENT_OFFSET}, on the loopback. */
    public URI managementUrl(String service) {
        return URI.create("http://" + MANAGEMENT_ADDRESS + ":" + (url(service).getPort() + MANAGEMENT_OFFSET));
    }

    public URI url(String service) {
        return services.stream().filter(s -> s.name().equals(service)).findFirst()
                .map(s -> URI.create("http://localhost:" + s.port()))
                .orElseThrow(() -> new IllegalArgumentException("no service " + service));
    }

    /** The running services' Spring contexts by name, e.g. for sweeping their live route tables. */
    public Map<String, ConfigurableApplicationContext> contexts() {
        return Map.copyOf(contexts);
    }

    /** Mints tokens the running services accept (the launcher's own signing key). */
    public StaffTokens tokens() {
        return signingKey;
    }

    public EmbeddedPlatform platform() {
        return platform;
    }

    public List<String> serviceNames() {
        return services.stream().map(Service::name).toList();
    }

    private void printWelcome() {
        double seconds = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        StringBuilder out = new StringBuilder("\n=== Madoguchi is running (every service healthy %.1f s after JVM start; %s MB resident) ===\n".formatted(seconds, residentMegabytes()));
        out.append("  Staff portal            ").append(url("staff-portal")).append('/').append('\n');
        for (Service s : services) {
            if (s.database() != null) {
                out.append("  %-24s%s  (actuator: %s/actuator/health  /actuator/prometheus)%n".formatted(s.name(), url(s.name()),
                        managementUrl(s.name())));
            }
        }
        out.append("  KPIs of 苫前町 (JSON)    ").append(url("analytics-service")).append("/api/towns/").append(DemoSeed.TOWN).append("/kpis  (staff token)\n");
        out.append("  LINE webhook of 苫前町   ").append(url("conversation-service")).append("/line/webhook/").append(DemoSeed.TOWN).append('\n');
        out.append("  LINE resident simulator ").append(platform.lineEmulator().simulatorUrl()).append('\n');
        out.append("  LINE emulator (sent)    ").append(platform.lineEmulator().baseUrl()).append("emulator/deliveries\n");
        out.append("  Data                    ").append(options.dataDir().toAbsolutePath()).append("  (start with --wipe to begin afresh)\n");
        out.append("  Stop with Ctrl-C.\n");
        System.out.println(out);
    }

    static String residentMegabytes() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> String.valueOf(Long.parseLong(l.replaceAll("\\D", "")) / 1024))
                    .findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Services first (newest first), then the platform under them. */
    @Override
    public synchronized void close() {
        List<ConfigurableApplicationContext> running = new ArrayList<>(contexts.values());
        Collections.reverse(running);
        for (ConfigurableApplicationContext context : running) {
            try {
                context.close();
            } catch (RuntimeException e) {
                log.warn("event=service-stop-failed reason={}", e.toString());
            }
        }
        contexts.clear();
        platform.close();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException("could not wipe " + dir, e);
        }
    }
}
