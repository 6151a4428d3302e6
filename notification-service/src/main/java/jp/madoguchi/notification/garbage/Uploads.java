package jp.madoguchi.notification.garbage;

import jp.madoguchi.platform.csv.Csv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The files of an upload, by their 5374 names: from a zip (as towns publish the set, often inside a folder) or
 * from separate CSV files. Files that are not part of the calendar (remarks.csv, a README) are reported back as
 * ignored, never read.
 */
final class Uploads {

    /** A zip or a CSV larger than this is not a town's calendar. */
    static final int MAX_BYTES = 5 * 1024 * 1024;
    private static final int MAX_ENTRIES = 200;

    /** The decoded calendar files, and the names that were left out. */
    record Files(Map<String, String> files, List<String> ignored) {
    }

    private final Map<String, String> files = new LinkedHashMap<>();
    private final List<String> ignored = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /** Adds one uploaded file: a CSV by its name, or a zip whose CSVs are added. */
    void add(String path, byte[] bytes) {
        String name = baseName(path);
        if (name.endsWith(".zip")) {
            unzip(name, bytes);
        } else {
            csv(name, bytes);
        }
    }

    Files files() throws FiveThreeSevenFour.InvalidFilesException {
        if (!problems.isEmpty()) {
            throw new FiveThreeSevenFour.InvalidFilesException(problems);
        }
        return new Files(files, ignored);
    }

    private void csv(String name, byte[] bytes) {
        if (!FiveThreeSevenFour.FILES.contains(name)) {
            ignored.add(name);
        } else if (bytes.length > MAX_BYTES) {
            problems.add(name + ": 大きすぎます（" + MAX_BYTES / 1024 / 1024 + "MBまで）");
        } else if (files.putIfAbsent(name, Csv.decode(bytes)) != null) {
            problems.add(name + "が2つあります。1つだけにしてください");
        }
    }

    private void unzip(String zipName, byte[] zip) {
        // names in zips made on a Japanese Windows PC are Shift_JIS unless flagged UTF-8
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), Charset.forName("windows-31j"))) {
            int entries = 0;
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (++entries > MAX_ENTRIES) {
                    problems.add(zipName + ": ファイルが多すぎます（" + MAX_ENTRIES + "個まで）");
                    return;
                }
                if (entry.isDirectory() || entry.getName().startsWith("__MACOSX/")) {
                    continue;
                }
                byte[] bytes = read(in);
                if (bytes == null) {
                    problems.add(zipName + " の " + entry.getName() + ": 大きすぎます（" + MAX_BYTES / 1024 / 1024 + "MBまで）");
                    return;
                }
                csv(baseName(entry.getName()), bytes);
            }
            if (entries == 0) {
                problems.add(zipName + ": ZIPファイルとして読めないか、中身が空です");
            }
        } catch (ZipException e) {
            problems.add(zipName + ": ZIPファイルとして読めません。area_days.csv などをまとめたZIPか、CSVファイルを送ってください");
        } catch (IOException e) {
            problems.add(zipName + ": 読み込めませんでした（" + e.getMessage() + "）");
        }
    }

    /** The entry's bytes, or null past {@link #MAX_BYTES}: the declared size of an entry cannot be trusted. */
    private static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BYTES) {
                return null;
            }
        }
        return out.toByteArray();
    }

    static String baseName(String path) {
        String name = path.replace('\\', '/');
        return name.substring(name.lastIndexOf('/') + 1).strip().toLowerCase(Locale.ROOT);
    }
}
