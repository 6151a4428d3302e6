package jp.madoguchi.notification;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jp.madoguchi.platform.architecture.Boundaries;

@AnalyzeClasses(packages = "jp.madoguchi.notification", importOptions = ImportOption.DoNotIncludeTests.class)
class NotificationArchitectureTest {

    @ArchTest
    static final ArchRule noOtherService = Boundaries.noOtherService("notification");

    @ArchTest
    static final ArchRule noEmbeddedPlatform = Boundaries.noEmbeddedPlatform("notification");

    /** Only {@code deploy} depends on this module, and its launcher needs only the application class. */
    @ArchTest
    static final ArchRule publicOnlyWhenNeeded = Boundaries.publicOnlyWhenNeeded("jp.madoguchi.notification..", NotificationServiceApplication.class.getName());
}
