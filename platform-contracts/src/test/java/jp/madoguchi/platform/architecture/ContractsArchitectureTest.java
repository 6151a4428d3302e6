package jp.madoguchi.platform.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The published language is plain Java: every service and the portal can share it without taking on a framework. */
@AnalyzeClasses(packages = "jp.madoguchi.platform", importOptions = ImportOption.DoNotIncludeTests.class)
class ContractsArchitectureTest {

    @ArchTest
    static final ArchRule theContractsImportNoFramework = classes().that().resideInAPackage("jp.madoguchi.platform..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "jp.madoguchi.platform..", "com.fasterxml.jackson.annotation..")
            .because("the contracts are the published language every service and the portal share; only Jackson's annotations"
                    + " are allowed, so the flow model reads the same in every ObjectMapper");
}
