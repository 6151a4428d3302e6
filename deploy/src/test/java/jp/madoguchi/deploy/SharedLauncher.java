package jp.madoguchi.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One launcher for every end-to-end class of the test JVM that does not need a platform of its own
 * ({@code @ExtendWith(SharedLauncher.class)}): starting one costs 20–30 s. It starts on first use and is
 * closed once, with the root extension context, after the last class. Classes share the demo towns, so
 * they assert on what they did themselves (their own residents, ids, before/after deltas), never on totals.
 */
public final class SharedLauncher implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedLauncher.class);

    /** The root store of the current engine run; surefire's rerun of failed tests is a new run with a new root. */
    private static ExtensionContext.Store root;
    private static Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (SharedLauncher.class) {
            root = context.getRoot().getStore(NAMESPACE);
        }
    }

    public static Launcher launcher() {
        return running().launcher;
    }

    public static LocalPlatform local() {
        return running().local;
    }

    public static Path data() {
        return running().data;
    }

    public static int offset() {
        return running().offset;
    }

    /**
     * The file holding everything printed to stdout and stderr since just before the shared launcher started
     * (its startup and seeding included), whichever class started it: a log check must see all of it.
     */
    public static Path output() {
        return running().output;
    }

    private static synchronized Running running() {
        if (running == null) {
            if (root == null) {
                throw new IllegalStateException("the test class needs @ExtendWith(SharedLauncher.class)");
            }
            running = root.getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
        }
        return running;
    }

    private static final class Running implements ExtensionContext.Store.CloseableResource {
        final Path data;
        final int offset;
        final Path output;
        final Launcher launcher;
        final LocalPlatform local;
        final PrintStream out;
        final PrintStream err;
        final OutputStream copy;

        private Running(Path data, int offset, Path output, OutputStream copy, Launcher launcher) {
            this.data = data;
            this.offset = offset;
            this.output = output;
            this.copy = copy;
            this.out = System.out;
            this.err = System.err;
            this.launcher = launcher;
            this.local = new LocalPlatform(offset, data);
        }

        static Running start() {
            try {
                Path data = Files.createTempDirectory("shared-launcher");
                Path output = Files.createTempFile("shared-launcher", ".log");
                OutputStream copy = Files.newOutputStream(output);
                PrintStream out = System.out;
                PrintStream err = System.err;
                System.setOut(tee(out, copy));
                System.setErr(tee(err, copy));
                int offset = LocalPlatform.randomPortOffset();
                try {
                    return new Running(data, offset, output, copy, Launcher.start(new LauncherOptions(data, false, offset)));
                } catch (RuntimeException | Error e) {
                    System.setOut(out);
                    System.setErr(err);
                    copy.close();
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                launcher.close();
            } finally {
                synchronized (SharedLauncher.class) {
                    running = null;
                }
                // only take the copies out if nobody (an output capture) has wrapped them since
                if (System.out == out) {
                    System.setOut(unwrap(out));
                }
                if (System.err == err) {
                    System.setErr(unwrap(err));
                }
                copy.close();
                Files.deleteIfExists(output);
                try (var files = Files.walk(data)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }

        private static PrintStream unwrap(PrintStream stream) {
            return stream instanceof Tee tee ? tee.original : stream;
        }

        private static PrintStream tee(PrintStream original, OutputStream copy) {
            return new Tee(original, copy);
        }
    }

    /** Writes through to the original stream and appends the same bytes to the copy. */
    private static final class Tee extends PrintStream {
        final PrintStream original;

        Tee(PrintStream original, OutputStream copy) {
            super(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    original.write(b);
                    synchronized (copy) {
                        copy.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    original.write(b, off, len);
                    synchronized (copy) {
                        copy.write(b, off, len);
                    }
                }

                @Override
                public void flush() throws IOException {
                    original.flush();
                    synchronized (copy) {
                        copy.flush();
                    }
                }
            }, true, Charset.defaultCharset());
            this.original = original;
        }
    }
}
