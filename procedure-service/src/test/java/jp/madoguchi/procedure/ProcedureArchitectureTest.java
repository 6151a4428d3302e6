package jp.madoguchi.procedure;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jp.madoguchi.platform.architecture.Boundaries;

@AnalyzeClasses(packages = "jp.madoguchi.procedure", importOptions = ImportOption.DoNotIncludeTests.class)
class ProcedureArchitectureTest {

    @ArchTest
    static final ArchRule noOtherService = Boundaries.noOtherService("procedure");

    @ArchTest
    static final ArchRule noEmbeddedPlatform = Boundaries.noEmbeddedPlatform("procedure");

    /** Only {@code deploy} depends on this module, and its launcher needs only the application class. */
    @ArchTest
    static final ArchRule publicOnlyWhenNeeded = Boundaries.publicOnlyWhenNeeded("jp.madoguchi.procedure..", ProcedureServiceApplication.class.getName());
}
