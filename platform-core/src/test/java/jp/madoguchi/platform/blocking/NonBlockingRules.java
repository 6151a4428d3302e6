package jp.madoguchi.platform.blocking;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound lets an event loop do in the services' tests (BlockHound itself is installed in every
 * test JVM by its JUnit platform listener; see the root pom). Everything else that blocks fails the test.
 * Each allowance is a library's own short in-memory critical section or a one-off read, never I/O that can
 * wait on a database, a broker or the network.
 */
public class NonBlockingRules implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // SecureRandom reads /dev/urandom, which never waits on Linux (UUIDs, tokens, CSRF and session ids)
        builder.allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implNextBytes");
        // loading a class or a native library reads its jar once per JVM (Netty's zstd decoder does it on first use)
        builder.allowBlockingCallsInside("java.lang.ClassLoader", "loadClass");
        builder.allowBlockingCallsInside("com.github.luben.zstd.util.Native", "load");
        // the Mongo driver guards its pool, cluster clock and stream state with locks held for microseconds;
        // under concurrent requests one event loop parks briefly on another's (never across I/O)
        builder.allowBlockingCallsInside("com.mongodb.internal.Locks", "checkedWithLock");
        builder.allowBlockingCallsInside("com.mongodb.internal.Locks", "checkedWithInterruptibleLock");
        builder.allowBlockingCallsInside("com.mongodb.internal.Locks", "withInterruptibleLock");
        builder.allowBlockingCallsInside("com.mongodb.internal.connection.netty.NettyStream", "readAsync");
        // the portal's first render of each page reads its template from the classpath once; Thymeleaf's
        // template cache (spring.thymeleaf.cache, on unless configured off) serves it from then on
        builder.allowBlockingCallsInside("org.thymeleaf.templateparser.reader.BlockAwareReader", "readBytes");
        // Jackson builds a type's deserializer once, under a lock; a second request for the same type waits for it
        builder.allowBlockingCallsInside("com.fasterxml.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer");
        // the portal's version-agnostic /webjars/ paths: the locator reads a webjar's version from its jar once, then caches it
        builder.allowBlockingCallsInside("org.webjars.WebJarVersionLocator", "version");
        // a library may swallow the error (and a request then hangs): print where it happened first
        builder.blockingMethodCallback(method -> {
            BlockingOperationError error = new BlockingOperationError(method);
            error.printStackTrace();
            throw error;
        });
    }

    /** After Netty's, Reactor's and Spring's integrations, so these rules see their thread predicates. */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE;
    }
}
