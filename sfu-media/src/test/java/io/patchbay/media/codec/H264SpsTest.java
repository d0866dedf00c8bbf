package io.patchbay.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.packet.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class H264SpsTest {
    private final H264Sps sps = new H264Sps();

    /**
     * Encoder SPS NAL units with known sizes, from public test suites (vtpl1/avsdk codec/h264parser/parser_test.go,
     * videojs/mux.js test/test-sps.js): high profile with emulation prevention bytes, high profile with bottom
     * cropping, baseline with cropping.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "high 1280x720    | 67 64 00 20 AC CA C0 50 05 BB 01 69 E0 00 00 03 00 20 00 00 0C 9C 4C 00 04 32 38 00 08 64 7C"
                + " 12 40 1C B1 C3 13 80 | 100 | 32 | 1280 | 720",
        "high 320x180, 12 MB rows cropped by 6 lines x 2 | 67 64 00 0D AC D9 41 41 9F 9E 10 00 00 03 00 10 00 00 03 03"
                + " C0 F1 42 99 60 | 100 | 13 | 320 | 180",
        "baseline 720x404 | 67 42 C0 1E D9 00 B4 35 F9 E1 00 00 03 00 01 00 00 03 00 3C 0F 16 2E 48 | 66 | 30 | 720 | 404",
    })
    void readsThePictureSizeAloneInAStapAAndFromEveryLongEnoughPrefix(String name, String hex, int profile,
            int level, int width, int height) {
        byte[] nal = Hex.bytes(hex);
        assertEquals(H264ParseResult.OK, sps.parse(nal, 0, nal.length), "single NAL unit");
        assertSize(profile, level, width, height);

        byte[] stapA = stapA(Hex.bytes("68 CE 3C 80"), nal); // PPS first, then the SPS
        assertEquals(H264ParseResult.OK, sps.parse(stapA, 0, stapA.length), "in a STAP-A");
        assertSize(profile, level, width, height);

        boolean readable = false;
        for (int prefix = 1; prefix < nal.length; prefix++) {
            H264ParseResult result = sps.parse(nal, 0, prefix);
            if (readable) {
                assertEquals(H264ParseResult.OK, result, "once the cropping fields are in, longer prefixes parse");
            } else if (result == H264ParseResult.OK) {
                readable = true;
            } else {
                assertEquals(H264ParseResult.TRUNCATED_SPS, result, "prefix of " + prefix + " bytes");
            }
            if (result == H264ParseResult.OK) {
                assertSize(profile, level, width, height);
            }
            byte[] cut = stapA(Hex.bytes("68 CE 3C 80"), nal);
            assertEquals(H264ParseResult.TRUNCATED_STAP_A, sps.parse(cut, 0, 1 + 2 + 4 + 2 + prefix),
                    "STAP-A cut inside the SPS after " + prefix + " bytes");
        }
        assertTrue(readable, "the bytes after the cropping fields (VUI, trailing bits) are not needed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty                              | ''                   | EMPTY",
        "IDR slice                          | 65 88 84 00          | NO_SPS",
        "FU-A                               | 7C 87 42 C0          | NO_SPS",
        "STAP-A with PPS only               | 78 00 04 68 CE 3C 80 | NO_SPS",
        "STAP-A with a size past the end    | 78 00 09 67 42 C0    | TRUNCATED_STAP_A",
        "STAP-A with half a size field      | 78 00 04 68 CE 3C 80 00 | TRUNCATED_STAP_A",
        "STAP-A with a zero size            | 78 00 00 00 04 68 CE 3C 80 | TRUNCATED_STAP_A",
        "SPS header only                    | 67                   | TRUNCATED_SPS",
        "seq_parameter_set_id 32            | 67 42 C0 1E 04 20 FF FF | BAD_SPS_VALUE",
        "exp-Golomb code of 32 zero bits    | 67 42 C0 1E 00 00 00 00 80 | BAD_SPS_VALUE",
        "pic_order_cnt_type 6               | 67 42 C0 1E 90 FF FF | BAD_SPS_VALUE",
    })
    void rejectsPayloadsWithoutAUsableSps(String name, String hex, H264ParseResult expected) {
        byte[] payload = Hex.bytes(hex);
        assertEquals(expected, sps.parse(payload, 0, payload.length));
    }

    @Test
    void reportsBadBoundsInsteadOfThrowing() {
        assertEquals(H264ParseResult.BAD_BOUNDS, sps.parse(null, 0, 0));
        assertEquals(H264ParseResult.BAD_BOUNDS, sps.parse(new byte[4], 2, 3));
    }

    @Test
    void expGolombReaderDropsEmulationPreventionBytesAndFlagsOverrun() {
        ExpGolombReader r = new ExpGolombReader();
        byte[] bits = Hex.bytes("A6 00 00 03 01"); // 1 010 011 0 | 00000000 | 00000000 | (03 dropped) | 00000001
        r.reset(bits, 0, bits.length);
        assertEquals(0, r.readUe());
        assertEquals(1, r.readUe());
        assertEquals(-1, r.readSe());
        assertEquals(0, r.readBits(1 + 16 + 7), "the 0x03 after two zero bytes is not data");
        assertEquals(1, r.readBit());
        assertTrue(!r.failed());
        assertEquals(0, r.readBit());
        assertTrue(r.overrun());
    }

    private void assertSize(int profile, int level, int width, int height) {
        assertEquals(profile, sps.profileIdc());
        assertEquals(level, sps.levelIdc());
        assertEquals(width + "x" + height, sps.width() + "x" + sps.height());
    }

    /** A STAP-A (RFC 6184 5.7.1) with NRI 3 holding the given NAL units. */
    private static byte[] stapA(byte[]... nalUnits) {
        int length = 1;
        for (byte[] nal : nalUnits) {
            length += 2 + nal.length;
        }
        byte[] out = new byte[length];
        out[0] = 0x78;
        int at = 1;
        for (byte[] nal : nalUnits) {
            out[at++] = (byte) (nal.length >>> 8);
            out[at++] = (byte) nal.length;
            System.arraycopy(nal, 0, out, at, nal.length);
            at += nal.length;
        }
        return out;
    }
}
