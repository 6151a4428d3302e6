package jp.madoguchi.deploy;

import java.nio.file.Path;

/**
 * The launcher's command line.
 *
 * @param dataDir    where every part keeps its data ({@code --data-dir=./data})
 * @param wipe       start from nothing: delete {@code dataDir} first ({@code --wipe})
 * @param portOffset added to every port, to run a second instance beside the first ({@code --port-offset=100})
 * @param lineApi    the LINE Messaging API the services call instead of the embedded emulator, or null
 *                   ({@code --line-api=http://localhost:9999/}, e.g. an emulator that outlives the launcher in a crash test)
 */
public record LauncherOptions(Path dataDir, boolean wipe, int portOffset, String lineApi) {

    public LauncherOptions(Path dataDir, boolean wipe, int portOffset) {
        this(dataDir, wipe, portOffset, null);
    }

    public static LauncherOptions parse(String... args) {
        Path dataDir = Path.of("data");
        boolean wipe = false;
        int offset = 0;
        String lineApi = null;
        for (String arg : args) {
            if (arg.isBlank()) {
                continue;
            } else if (arg.equals("--wipe")) {
                wipe = true;
            } else if (arg.startsWith("--data-dir=")) {
                dataDir = Path.of(arg.substring("--data-dir=".length()));
            } else if (arg.startsWith("--port-offset=")) {
                offset = Integer.parseInt(arg.substring("--port-offset=".length()));
            } else if (arg.startsWith("--line-api=")) {
                lineApi = arg.substring("--line-api=".length());
            } else {
                throw new IllegalArgumentException("unknown option " + arg + " (known: --data-dir=DIR, --wipe, --port-offset=N, --line-api=URL)");
            }
        }
        return new LauncherOptions(dataDir, wipe, offset, lineApi);
    }
}
