package jp.madoguchi.platform.blocking;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound lets an event loop do in the services' tests (BlockHound itself is installed in every
 * test JVM by its JUnit platform listener; see the root pom). Everything else that blocks fails the test.
 */
public class NonBlockingRules implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // SecureRandom reads /dev/urandom, which never waits on Linux (UUIDs, tokens, CSRF and session ids)
        builder.allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implNextBytes");
        // loading a class or a native library reads its jar once per JVM (Netty's zstd decoder does it on first use)
        builder.allowBlockingCallsInside("java.lang.ClassLoader", "loadClass");
        builder.allowBlockingCallsInside("com.github.luben.zstd.util.Native", "load");
        // a library may swallow the error (and a request then hangs): print where it happened first
        builder.blockingMethodCallback(method -> {
            BlockingOperationError error = new BlockingOperationError(method);
            error.printStackTrace();
            throw error;
        });
    }
}
