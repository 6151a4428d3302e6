package jp.madoguchi.portal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The portal is a BFF: it calls the services over HTTP and never imports them or the embedded platform. */
@AnalyzeClasses(packages = "jp.madoguchi.portal", importOptions = ImportOption.DoNotIncludeTests.class)
class PortalArchitectureTest {

    @ArchTest
    static final ArchRule noService = noClasses().that().resideInAPackage("jp.madoguchi.portal..")
            .should().dependOnClassesThat().resideInAnyPackage("jp.madoguchi.tenant..", "jp.madoguchi.conversation..",
                    "jp.madoguchi.procedure..", "jp.madoguchi.notification..", "jp.madoguchi.analytics..", "jp.madoguchi.deploy..",
                    "jp.madoguchi.platform.embedded..");
}
