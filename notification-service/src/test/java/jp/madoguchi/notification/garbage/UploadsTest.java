package jp.madoguchi.notification.garbage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class UploadsTest {

    static byte[] zip(Map<String, String> entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void takesTheCalendarFilesFromAFolderInsideTheZipAndReportsTheOthers() throws Exception {
        Uploads uploads = new Uploads();
        uploads.add("5374.zip", zip(Map.of("data/area_days.csv", "\uFEFF地名,センター,燃やすごみ\r\n本町,,月\r\n", "data/remarks.csv", "id,text\r\n",
                "__MACOSX/data/._area_days.csv", "junk")));
        Uploads.Files files = uploads.files();
        assertThat(files.files()).containsOnlyKeys("area_days.csv");
        assertThat(files.files().get("area_days.csv")).startsWith("地名,");
        assertThat(files.ignored()).containsExactly("remarks.csv");
    }

    @Test
    void takesSeparateCsvsByName() throws Exception {
        Uploads uploads = new Uploads();
        uploads.add("C:\\data\\Area_Days.csv", "地名,センター,燃やすごみ\n".getBytes(StandardCharsets.UTF_8));
        uploads.add("center.csv", "名称,休止開始日,休止終了日\n".getBytes(StandardCharsets.UTF_8));
        assertThat(uploads.files().files()).containsOnlyKeys("area_days.csv", "center.csv");
    }

    @Test
    void refusesSomethingThatIsNotAZipAndTheSameFileTwice() {
        Uploads notZip = new Uploads();
        notZip.add("upload.zip", "地名,センター".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(notZip::files).hasMessageContaining("upload.zip: ZIPファイルとして読めないか、中身が空です");
        Uploads twice = new Uploads();
        twice.add("area_days.csv", new byte[0]);
        twice.add("data/area_days.csv", new byte[0]);
        assertThatThrownBy(twice::files).hasMessageContaining("area_days.csvが2つあります");
    }
}
