package jp.madoguchi.conversation.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
}
