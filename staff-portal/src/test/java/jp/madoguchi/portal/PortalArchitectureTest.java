package jp.madoguchi.portal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jp.madoguchi.platform.architecture.Boundaries;

/** The portal is a BFF: it calls the services over HTTP and never imports them or the embedded platform. */
@AnalyzeClasses(packages = "jp.madoguchi.portal", importOptions = ImportOption.DoNotIncludeTests.class)
class PortalArchitectureTest {

    @ArchTest
    static final ArchRule noService = noClasses().that().resideInAPackage("jp.madoguchi.portal..")
            .should().dependOnClassesThat().resideInAnyPackage("jp.madoguchi.tenant..", "jp.madoguchi.conversation..",
                    "jp.madoguchi.procedure..", "jp.madoguchi.notification..", "jp.madoguchi.analytics..", "jp.madoguchi.deploy..",
                    "jp.madoguchi.platform.embedded..");

    /**
     * Only {@code deploy} depends on this module, and its launcher needs only the application class. The view models
     * stay public too: the templates read their record accessors through SpEL, which wants public types.
     */
    @ArchTest
    static final ArchRule publicOnlyWhenNeeded = Boundaries.publicOnlyWhenNeeded("jp.madoguchi.portal..",
            StaffPortalApplication.class.getName(), "jp.madoguchi.portal.application.ApplicationViews",
            "jp.madoguchi.portal.kpi.KpiRow", "jp.madoguchi.portal.procedure.EditorDocument",
            "jp.madoguchi.portal.procedure.EditorStep", "jp.madoguchi.portal.procedure.ProcedureSummary",
            "jp.madoguchi.portal.procedure.StepTypes", "jp.madoguchi.portal.settings.Feature",
            "jp.madoguchi.portal.settings.Town");
}
