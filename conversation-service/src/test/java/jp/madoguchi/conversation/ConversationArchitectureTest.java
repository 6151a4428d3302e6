package jp.madoguchi.conversation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jp.madoguchi.platform.architecture.Boundaries;

/**
 * The counter decides what a resident's input means; the channels (line, web) only translate their wire format;
 * notices reach residents through a port; the engine is plain Java.
 */
@AnalyzeClasses(packages = "jp.madoguchi.conversation", importOptions = ImportOption.DoNotIncludeTests.class)
class ConversationArchitectureTest {

    @ArchTest
    static final ArchRule noOtherService = Boundaries.noOtherService("conversation");

    @ArchTest
    static final ArchRule noEmbeddedPlatform = Boundaries.noEmbeddedPlatform("conversation");

    @ArchTest
    static final ArchRule theEngineIsPlainJava = noClasses().that().resideInAPackage("..conversation.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..", "com.linecorp..",
                    "org.apache.kafka..", "com.mongodb..", "reactor..");

    @ArchTest
    static final ArchRule noticesTalkToAPortNotToLine = noClasses().that().resideInAPackage("..conversation.notice..")
            .should().dependOnClassesThat().resideInAnyPackage("..conversation.line..", "..conversation.web..", "com.linecorp..");

    /** Not even through another package: a notice reaches a resident only through the {@code ResidentPush} port. */
    @ArchTest
    static final ArchRule noticesNeverReachLineThroughAnotherPackage = noClasses().that().resideInAPackage("..conversation.notice..")
            .should().transitivelyDependOnClassesThat().resideInAnyPackage("..conversation.line..", "com.linecorp..");

    @ArchTest
    static final ArchRule theCounterKnowsNoChannel = noClasses().that().resideInAPackage("..conversation.counter..")
            .should().dependOnClassesThat().resideInAnyPackage("..conversation.line..", "..conversation.web..", "com.linecorp..");

    @ArchTest
    static final ArchRule channelsDoNotReachIntoEachOther = noClasses().that().resideInAPackage("..conversation.web..")
            .should().dependOnClassesThat().resideInAPackage("..conversation.line..");

    @ArchTest
    static final ArchRule lineDoesNotReachIntoTheWebChat = noClasses().that().resideInAPackage("..conversation.line..")
            .should().dependOnClassesThat().resideInAPackage("..conversation.web..");

    /** Only {@code deploy} depends on this module, and its launcher needs only the application class. */
    @ArchTest
    static final ArchRule publicOnlyWhenNeeded = Boundaries.publicOnlyWhenNeeded("jp.madoguchi.conversation..", ConversationServiceApplication.class.getName());
}
