package jp.madoguchi.platform.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Set;

/**
 * The rules every service's architecture test applies: services meet only on Kafka and HTTP (no service imports
 * another), main code never imports the embedded platform (Kafka, PostgreSQL, Mongo wire, LINE emulator),
 * which only {@code deploy} and tests may use, and a type is public only when another package needs it.
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

    /**
     * A public top-level type of main code must be used by main code of another package among the imported
     * classes; tests do not count (keep a test in its subject's package). Import every module that may use the
     * types checked: a service's own classes are enough for the service (only {@code deploy} depends on it, through
     * the named entry points), the platform libraries need {@code deploy}'s whole classpath. {@code entryPoints}
     * are the few types that stay public for something outside the import (a launcher, a template engine); each
     * caller says why.
     */
    public static ArchRule publicOnlyWhenNeeded(String packageIdentifier, String... entryPoints) {
        Set<String> named = Set.of(entryPoints);
        return classes().that().resideInAPackage(packageIdentifier).and().areTopLevelClasses().and().arePublic()
                .and(DescribedPredicate.describe("are not named entry points", (JavaClass c) -> !named.contains(c.getName())))
                .and(DescribedPredicate.not(declarePublicConstants()))
                .should(beUsedFromAnotherPackage())
                .because("a type is package-private unless another package needs it (issue 15)")
                // a module whose only public types are its named entry points has nothing left to check: the goal
                .allowEmptyShould(true);
    }

    /**
     * javac copies a public compile-time constant (a {@code static final} String or primitive) into the class that
     * reads it, so the bytecode no longer shows that use: such a type is left to the compiler.
     */
    private static DescribedPredicate<JavaClass> declarePublicConstants() {
        return DescribedPredicate.describe("declare public constants", c -> c.getFields().stream()
                .anyMatch(f -> f.getModifiers().containsAll(Set.of(JavaModifier.PUBLIC, JavaModifier.STATIC, JavaModifier.FINAL))
                        && (f.getRawType().isPrimitive() || f.getRawType().isEquivalentTo(String.class))));
    }

    /** Used by another package: the type itself or one of its nested types (e.g. the records of a messages class). */
    private static ArchCondition<JavaClass> beUsedFromAnotherPackage() {
        return new ArchCondition<>("be used by main code in another package") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                boolean needed = type.getPackage().getClasses().stream()
                        .filter(c -> topLevel(c).equals(type))
                        .flatMap(c -> c.getDirectDependenciesToSelf().stream())
                        .anyMatch(d -> !d.getOriginClass().getPackageName().equals(type.getPackageName()));
                if (!needed) {
                    events.add(SimpleConditionEvent.violated(type, type.getName() + " is public, but no other package uses it"));
                }
            }
        };
    }

    private static JavaClass topLevel(JavaClass c) {
        return c.getEnclosingClass().map(Boundaries::topLevel).orElse(c);
    }

    /** Leaves out test jars too ({@code ImportOption.DoNotIncludeTests} knows only test class directories). */
    public static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar") && !location.contains("/test-classes/");
        }
    }
}
