package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyframeDetectorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // VP8 descriptor (RFC 7741 4.2) then the first byte of the VP8 frame header (bit 0: 0 = key frame)
        "vp8 start of key frame, no extension|VP8|10 50 42 00 9d 01 2a|true",
        "vp8 start of inter frame|VP8|10 51 42 00|false",
        "vp8 continuation packet of a key frame|VP8|00 50|false",
        "vp8 key frame with 15-bit picture id|VP8|90 80 81 23 50 42 00|true",
        "vp8 key frame with picture id, tl0picidx and tid|VP8|90 e0 81 23 05 20 50|true",
        "vp8 truncated after extension byte|VP8|90 80|false",
        "vp8 empty payload|VP8||false",
        // H264 (RFC 6184 5.2): NAL type in the low 5 bits
        "h264 single IDR|H264|65 88|true",
        "h264 single non-IDR slice|H264|41 9a|false",
        "h264 STAP-A with SPS|H264|78 00 02 67 42 00 02 68 ce|true",
        "h264 STAP-A truncated|H264|78 00|false",
        "h264 FU-A start of IDR|H264|7c 85|true",
        "h264 FU-A middle of IDR|H264|7c 05|false",
        // VP9 (B set, P clear)
        "vp9 start of key frame|VP9|08|true",
        "vp9 inter frame|VP9|48|false",
        // AV1 (aggregation header N bit: a new coded video sequence)
        "av1 first packet of a coded video sequence|AV1|18 0a|true",
        "av1 delta frame|AV1|10 32|false",
        "av1 empty|AV1||false",
    })
    void detectsKeyframeStarts(String name, String codec, String hex, boolean expected) {
        byte[] payload = hex == null ? new byte[0] : HexFormat.ofDelimiter(" ").parseHex(hex);
        assertEquals(expected, KeyframeDetector.forCodec(codec).isKeyframeStart(payload, 0, payload.length));
    }
}
