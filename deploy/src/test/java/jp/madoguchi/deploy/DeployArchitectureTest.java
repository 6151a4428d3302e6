package jp.madoguchi.deploy;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jp.madoguchi.platform.architecture.Boundaries;

/**
 * The platform libraries (platform-contracts, platform-core, platform-embedded) are used by other modules, so whether
 * one of their types needs to be public shows only where every module is on the classpath: here, since deploy
 * depends on all of them. The main code of every module is imported, tests and test jars are not; each service's
 * own types are checked by the service's architecture test.
 */
@AnalyzeClasses(packages = "jp.madoguchi",
        importOptions = {ImportOption.DoNotIncludeTests.class, Boundaries.DoNotIncludeTestJars.class})
class DeployArchitectureTest {

    /**
     * The embedded platform is test support: what other modules' tests hold stays public, i.e. the parts
     * {@code EmbeddedPlatform} hands out (the Kafka broker, the Mongo wire server, which MongoTokenStoreTest also
     * starts alone) and the LINE webhook signer and bodies the conversation tests post.
     */
    @ArchTest
    static final ArchRule platformPublicOnlyWhenNeeded = Boundaries.publicOnlyWhenNeeded("jp.madoguchi.platform..",
            "jp.madoguchi.platform.embedded.KafkaBroker", "jp.madoguchi.platform.embedded.MongoWireServer",
            "jp.madoguchi.platform.embedded.line.LineWebhookSigner", "jp.madoguchi.platform.embedded.line.LineWebhookBodies");

    /**
     * The launcher is the JVM's main class ({@code -Prun}); the browser and benchmark suites, in their own packages,
     * start it with its options.
     */
    @ArchTest
    static final ArchRule deployPublicOnlyWhenNeeded = Boundaries.publicOnlyWhenNeeded("jp.madoguchi.deploy..",
            Launcher.class.getName(), LauncherOptions.class.getName());
}
