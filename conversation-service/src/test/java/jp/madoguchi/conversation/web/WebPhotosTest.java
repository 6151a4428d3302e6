package jp.madoguchi.conversation.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import jp.madoguchi.platform.tenancy.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class WebPhotosTest {

    @Test
    void theImageTypeIsReadFromTheBytes() {
        assertThat(WebPhotos.imageType(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0})).contains("image/jpeg");
        assertThat(WebPhotos.imageType(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0})).contains("image/png");
        assertThat(WebPhotos.imageType("GIF89a".getBytes(StandardCharsets.US_ASCII))).contains("image/gif");
        assertThat(WebPhotos.imageType("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII))).contains("image/webp");
        assertThat(WebPhotos.imageType("\0\0\0\u0018ftypheic\0\0".getBytes(StandardCharsets.US_ASCII))).contains("image/heic");
    }

    @Test
    void anythingElseIsNotAPhotoWhateverItClaims() {
        assertThat(WebPhotos.imageType("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(WebPhotos.imageType("%PDF-1.7".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(WebPhotos.imageType(new byte[] {(byte) 0xFF})).isEmpty();
        assertThat(WebPhotos.imageType("\0\0\0\u0018ftypmp42".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }

    @Test
    void aResidentMaySendPhotosOnlyWhenAskedAndAtMostTwentyAnHour() {
        WebPhotos photos = new WebPhotos(null);
        TenantId town = TenantId.of("014834");
        assertThatThrownBy(() -> photos.admit(town, "r1", false)).isInstanceOf(ErrorResponseException.class)
                .satisfies(e -> assertThat(((ErrorResponseException) e).getStatusCode().value()).isEqualTo(409));
        for (int i = 0; i < WebPhotos.PER_RESIDENT_PER_HOUR; i++) {
            photos.admit(town, "r1", true);
        }
        assertThatThrownBy(() -> photos.admit(town, "r1", true)).isInstanceOf(ErrorResponseException.class)
                .satisfies(e -> assertThat(((ErrorResponseException) e).getStatusCode().value()).isEqualTo(429));
        // another resident, and the same id in another town, are counted on their own
        photos.admit(town, "r2", true);
        photos.admit(TenantId.of("014842"), "r1", true);
    }
}
