package jp.madoguchi.platform.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The rules every service's architecture test applies: services meet only on Kafka and HTTP (no service imports
 * another), and main code never imports the embedded platform (Kafka, PostgreSQL, Mongo wire, LINE emulator),
 * which only {@code deploy} and tests may use.
 */
public final class Boundaries {

    /** The top-level package of each deployable, under {@code jp.madoguchi}. */
    static final List<String> SERVICES = List.of("tenant", "conversation", "procedure", "notification", "analytics", "portal", "deploy");

    private Boundaries() {
    }

    public static ArchRule noOtherService(String service) {
        String[] others = SERVICES.stream().filter(s -> !s.equals(service)).map(s -> "jp.madoguchi." + s + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage("jp.madoguchi." + service + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services meet only on Kafka and HTTP");
    }

    public static ArchRule noEmbeddedPlatform(String service) {
        return noClasses().that().resideInAPackage("jp.madoguchi." + service + "..")
                .should().dependOnClassesThat().resideInAPackage("jp.madoguchi.platform.embedded..")
                .because("the embedded platform is for deploy and tests only");
    }
}
