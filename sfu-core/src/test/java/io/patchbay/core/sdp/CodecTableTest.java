package io.patchbay.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodecTableTest {

    private static RtpCodec h264(String fmtp) {
        return new RtpCodec(102, "H264", 90000, 1, fmtp, List.of());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "packetization-mode=1;profile-level-id=42e01f | true",   // Constrained Baseline 3.1 (Chrome, Firefox)
        "packetization-mode=1;profile-level-id=42c01f | true",   // constraint_set0+1
        "packetization-mode=1;profile-level-id=42401f | true",   // constraint_set1 only
        "packetization-mode=1;profile-level-id=42E034 | true",   // upper-case hex, level 5.2
        "packetization-mode=1;profile-level-id=42001f | true",   // Baseline, not constrained
        "packetization-mode=1;profile-level-id=4d001f | true",   // Main (Chrome offers it)
        "packetization-mode=1;profile-level-id=640c1f | true",   // Constrained High
        "packetization-mode=1;profile-level-id=64001f | true",   // High
        "packetization-mode=1;profile-level-id=58001f | false",  // Extended: no WebRTC encoder makes it
        "packetization-mode=1;profile-level-id=f4001f | false",  // High 4:4:4 Predictive
        "packetization-mode=0;profile-level-id=42e01f | false",  // mode 0 (single NAL) not supported
        "profile-level-id=42e01f                      | false",  // mode absent means 0
        "packetization-mode=1                         | true",   // profile absent means 42000A (Baseline)
        "packetization-mode=1;profile-level-id=42e0   | false",  // not six hex digits
        "packetization-mode=1;profile-level-id=42e0zz | false",
    })
    void h264NeedsMode1AndABrowserProfile(String fmtp, boolean supported) {
        assertEquals(supported, CodecTable.isSupported(MediaKind.VIDEO, h264(fmtp.strip())));
    }

    @Test
    void audioAndOtherVideoCodecs() {
        assertTrue(CodecTable.isSupported(MediaKind.AUDIO, RtpCodec.of(111, "OPUS", 48000, 2)));
        assertFalse(CodecTable.isSupported(MediaKind.AUDIO, RtpCodec.of(111, "opus", 48000, 1)));
        assertFalse(CodecTable.isSupported(MediaKind.AUDIO, RtpCodec.of(63, "red", 48000, 2)), "red not yet (issue 3)");
        assertFalse(CodecTable.isSupported(MediaKind.AUDIO, RtpCodec.of(0, "PCMU", 8000, 1)));
        assertFalse(CodecTable.isSupported(MediaKind.VIDEO, RtpCodec.of(111, "opus", 48000, 2)), "kind matters");
        assertTrue(CodecTable.isSupported(MediaKind.VIDEO, RtpCodec.of(96, "vp8", 90000, 1)));
        assertFalse(CodecTable.isSupported(MediaKind.VIDEO, RtpCodec.of(96, "VP8", 8000, 1)));
        assertTrue(CodecTable.isSupported(MediaKind.VIDEO, RtpCodec.of(98, "VP9", 90000, 1)));
        assertTrue(CodecTable.isSupported(MediaKind.VIDEO, new RtpCodec(98, "VP9", 90000, 1, "profile-id=0", List.of())));
        assertTrue(CodecTable.isSupported(MediaKind.VIDEO, new RtpCodec(100, "VP9", 90000, 1, "profile-id=2", List.of())));
        assertFalse(CodecTable.isSupported(MediaKind.VIDEO, new RtpCodec(100, "VP9", 90000, 1, "profile-id=1", List.of())));
        assertTrue(CodecTable.isSupported(MediaKind.VIDEO, new RtpCodec(45, "AV1", 90000, 1, "level-idx=5;profile=0;tier=0", List.of())));
        assertFalse(CodecTable.isSupported(MediaKind.VIDEO, new RtpCodec(45, "AV1", 90000, 1, "profile=1", List.of())));
        assertFalse(CodecTable.isSupported(MediaKind.VIDEO, RtpCodec.of(120, "ulpfec", 90000, 1)));
    }

    @Test
    void canonicalPayloadTypes() {
        assertEquals(111, CodecTable.canonicalPayloadType(RtpCodec.of(109, "opus", 48000, 2)));
        assertEquals(96, CodecTable.canonicalPayloadType(RtpCodec.of(120, "VP8", 90000, 1)));
        assertEquals(98, CodecTable.canonicalPayloadType(RtpCodec.of(121, "VP9", 90000, 1)));
        assertEquals(102, CodecTable.canonicalPayloadType(h264("packetization-mode=1;profile-level-id=42e01f")));
        // One number per configuration a BUNDLE group may carry at once (RFC 8843 section 9.1).
        assertEquals(104, CodecTable.canonicalPayloadType(h264("packetization-mode=1;profile-level-id=42001f")));
        assertEquals(106, CodecTable.canonicalPayloadType(h264("packetization-mode=1;profile-level-id=4d001f")));
        assertEquals(108, CodecTable.canonicalPayloadType(h264("packetization-mode=1;profile-level-id=640c1f")));
        assertEquals(100, CodecTable.canonicalPayloadType(new RtpCodec(100, "VP9", 90000, 1, "profile-id=2", List.of())));
        assertEquals(101, CodecTable.canonicalRtxPayloadType(100));
        assertEquals(107, CodecTable.canonicalRtxPayloadType(106));
        assertEquals(45, CodecTable.canonicalPayloadType(RtpCodec.of(99, "AV1", 90000, 1)));
        assertThrows(IllegalArgumentException.class, () -> CodecTable.canonicalPayloadType(RtpCodec.of(0, "PCMU", 8000, 1)));
    }

    @Test
    void fmtpIsReadInOrderAndRtxAptIsParsed() {
        RtpCodec rtx = new RtpCodec(97, "rtx", 90000, 1, "apt=96", List.of());
        assertTrue(rtx.isRtx());
        assertEquals(96, rtx.aptPayloadType().getAsInt());
        assertTrue(new RtpCodec(97, "rtx", 90000, 1, "apt=x", List.of()).aptPayloadType().isEmpty());
        RtpCodec red = new RtpCodec(63, "red", 48000, 2, "111/111", List.of());
        assertEquals(List.of("111/111"), List.copyOf(red.fmtp().keySet()));
        RtpCodec opus = RtpCodec.of(111, "opus", 48000, 2).withFmtp(new java.util.LinkedHashMap<>(
                java.util.Map.of("minptime", "10")));
        assertEquals("minptime=10", opus.fmtpLine());
    }
}
