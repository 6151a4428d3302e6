package jp.madoguchi.platform.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "jp.madoguchi.platform", importOptions = ImportOption.DoNotIncludeTests.class)
class PlatformArchitectureTest {

    @ArchTest
    static final ArchRule theSharedPlatformImportsNoService = noClasses().that().resideInAPackage("jp.madoguchi.platform..")
            .should().dependOnClassesThat().resideInAnyPackage(Boundaries.SERVICES.stream().map(s -> "jp.madoguchi." + s + "..")
                    .toArray(String[]::new));

    @ArchTest
    static final ArchRule onlyTheEmbeddedPlatformUsesItself = noClasses().that().resideInAPackage("jp.madoguchi.platform..")
            .and().resideOutsideOfPackage("jp.madoguchi.platform.embedded..")
            .should().dependOnClassesThat().resideInAPackage("jp.madoguchi.platform.embedded..");
}
