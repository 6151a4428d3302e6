package jp.madoguchi.deploy;

import java.nio.file.Path;

/**
 * The launcher's command line.
 *
 * @param dataDir    where every part keeps its data ({@code --data-dir=./data})
 * @param wipe       start from nothing: delete {@code dataDir} first ({@code --wipe})
 * @param portOffset added to every port, to run a second instance beside the first ({@code --port-offset=100})
 */
public record LauncherOptions(Path dataDir, boolean wipe, int portOffset) {

    public static LauncherOptions parse(String... args) {
        Path dataDir = Path.of("data");
        boolean wipe = false;
        int offset = 0;
        for (String arg : args) {
            if (arg.isBlank()) {
                continue;
            } else if (arg.equals("--wipe")) {
                wipe = true;
            } else if (arg.startsWith("--data-dir=")) {
                dataDir = Path.of(arg.substring("--data-dir=".length()));
            } else if (arg.startsWith("--port-offset=")) {
                offset = Integer.parseInt(arg.substring("--port-offset=".length()));
            } else {
                throw new IllegalArgumentException("unknown option " + arg + " (known: --data-dir=DIR, --wipe, --port-offset=N)");
            }
        }
        return new LauncherOptions(dataDir, wipe, offset);
    }
}
