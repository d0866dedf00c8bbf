package io.patchbay.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.packet.Hex;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Vp8PayloadDescriptorTest {
    /**
     * The first packet of a 1280x720 key frame as Chrome sends a simulcast layer with temporal layers (RFC 7741
     * section 4.2 figure, X with I, L and T), hand-built.
     */
    static final String CHROME_KEYFRAME_720P = """
            90            # X=1 S=1 PID=0
            E0            # I=1 L=1 T=1 K=0
            AA 05         # M=1, PictureID 0x2A05 = 10757
            17            # TL0PICIDX 23
            20            # TID=0 Y=1 KEYIDX=0 (K not set: ignored)
            50 2C 00      # frame tag: P=0 (key frame), version 0, show_frame=1, first partition 354 bytes
            9D 01 2A      # start code
            00 05         # width 1280, scale 0
            D0 02         # height 720, scale 0
            11 22 33      # compressed data
            """;

    private final Vp8PayloadDescriptor d = new Vp8PayloadDescriptor();

    /**
     * Descriptors as senders lay them out, each with what parsing reports, and what every shorter prefix of the
     * payload reports: one letter per prefix length 0, 1, 2, ... until the first one that parses (E EMPTY,
     * X TRUNCATED_EXTENSION, P TRUNCATED_PICTURE_ID, L TRUNCATED_TL0PICIDX, T TRUNCATED_TID_KEYIDX, N NO_PAYLOAD,
     * K TRUNCATED_KEYFRAME_HEADER).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no X, start of a 320x180 key frame       | 10 50 2C 00 9D 01 2A 40 01 B4 00 | len=1 S PID=0 key=320x180"
                + "                                    | ENKKKKKKKKK",
        "no X, continuation of a frame            | 00 7A 01 | len=1 PID=0                        | EN",
        "no X, start of an inter frame            | 10 51 2C 00 | len=1 S PID=0                  | EN",
        "no X, reserved bits set, still a key frame | 58 50 2C 00 9D 01 2A 40 01 B4 00 | len=1 S PID=0 key=320x180"
                + "                                  | ENKKKKKKKKK",
        "X, 7-bit picture id                      | 90 80 15 51 | len=3 S PID=0 pic=21/7          | EXPN",
        "X, 15-bit picture id, inter frame        | 90 80 8F FF 51 | len=4 S PID=0 pic=4095/15    | EXPPN",
        "Chrome key frame: 15-bit id, L and T     | 90 E0 AA 05 17 20 50 2C 00 9D 01 2A 00 05 D0 02"
                + " | len=6 S PID=0 pic=10757/15 tl0=23 tid=0 Y key=1280x720 | EXPPLTNKKKKKKKKK",
        "Chrome inter frame: 15-bit id, L, T, TID 2 | 80 E0 AA 06 17 80 01 | len=6 PID=0 pic=10758/15 tl0=23 tid=2"
                + "                                | EXPPLTN",
        "X, 15-bit id, T and K                    | 90 B0 8F FF 9F 51 | len=5 S PID=0 pic=4095/15 tid=2 keyidx=31"
                + "                           | EXPPTN",
        "X, K only: TID and Y not present         | 80 10 EC 00 | len=3 PID=0 keyidx=12            | EXTN",
        "X, L without I                           | 80 40 05 00 | len=3 PID=0 tl0=5                | EXLN",
        "X with no optional fields                | 90 00 51 | len=2 S PID=0                       | EXN",
        "N, PID 3: not a frame start, P=0 ignored | B3 80 7F 50 2C 00 | len=3 N S PID=3 pic=127/7     | EXPN",
        "15-bit id 0, scale bits set on key frame | 90 80 80 00 50 2C 00 9D 01 2A 00 45 D0 C2 | len=4 S PID=0 pic=0/15"
                + " key=1280x720 | EXPPNKKKKKKKKK",
    })
    void parsesAndRejectsEveryTruncation(String name, String hex, String expected, String truncations) {
        byte[] payload = Hex.bytes(hex);
        assertEquals(Vp8ParseResult.OK, d.parse(payload, 0, payload.length));
        assertEquals(expected.trim(), describe(d));
        assertEquals(payload.length - d.descriptorLength(), d.vp8PayloadLength());
        assertEquals(d.descriptorLength(), d.vp8PayloadOffset());
        String codes = truncations.trim();
        for (int prefix = 0; prefix < payload.length; prefix++) {
            Vp8ParseResult result = d.parse(payload, 0, prefix);
            if (prefix < codes.length()) {
                assertEquals(code(codes.charAt(prefix)), result, "prefix of " + prefix + " bytes");
            } else {
                assertEquals(Vp8ParseResult.OK, result, "prefix of " + prefix + " bytes");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty                                   | ''                             | EMPTY",
        "key frame with a wrong start code       | 10 50 2C 00 9D 01 2B 40 01 B4 00 | BAD_START_CODE",
        "key frame with 9 of its 10 header bytes | 10 50 2C 00 9D 01 2A 40 01 B4 | TRUNCATED_KEYFRAME_HEADER",
        "X set, nothing more                     | 80                             | TRUNCATED_EXTENSION",
        "15-bit picture id cut after its first byte | 80 80 80                    | TRUNCATED_PICTURE_ID",
    })
    void rejectsMalformedPayloads(String name, String hex, Vp8ParseResult expected) {
        byte[] payload = Hex.bytes(hex);
        assertEquals(expected, d.parse(payload, 0, payload.length));
    }

    @Test
    void reportsBadBoundsInsteadOfThrowing() {
        byte[] payload = Hex.bytes(CHROME_KEYFRAME_720P);
        assertEquals(Vp8ParseResult.BAD_BOUNDS, d.parse(null, 0, 0));
        assertEquals(Vp8ParseResult.BAD_BOUNDS, d.parse(payload, -1, 3));
        assertEquals(Vp8ParseResult.BAD_BOUNDS, d.parse(payload, 2, payload.length));
        assertEquals(Vp8ParseResult.BAD_BOUNDS, d.parse(payload, 0, -1));
    }

    @Test
    void parsesAChromeKeyFrameInsideALargerBuffer() {
        byte[] payload = Hex.bytes(CHROME_KEYFRAME_720P);
        byte[] buf = new byte[payload.length + 40];
        Arrays.fill(buf, (byte) 0xFF);
        System.arraycopy(payload, 0, buf, 28, payload.length);
        assertEquals(Vp8ParseResult.OK, d.parse(buf, 28, payload.length));
        assertTrue(d.isKeyframe());
        assertEquals(1280, d.width());
        assertEquals(720, d.height());
        assertEquals(10757, d.pictureId());
        assertEquals(23, d.tl0PicIdx());
        assertEquals(28 + 6, d.vp8PayloadOffset());
        assertEquals(payload.length - 6, d.vp8PayloadLength());
        assertEquals(28, d.offset());
        assertEquals(payload.length, d.length());
        assertTrue(d.buffer() == buf);
    }

    @Test
    void writesA15BitPictureIdKeepingItsWidth() {
        byte[] payload = Hex.bytes(CHROME_KEYFRAME_720P);
        assertTrue(Vp8PayloadDescriptor.writePictureId(payload, 0, 0x8001)); // bit 15 and up dropped
        assertEquals(Hex.of(Hex.bytes("90 E0 80 01 17 20")), Hex.of(payload, 0, 6));
        assertTrue(Vp8PayloadDescriptor.writePictureId(payload, 0, 0x7FFF));
        d.parse(payload, 0, payload.length);
        assertEquals(0x7FFF, d.pictureId());
        assertEquals(15, d.pictureIdBits());
        assertUnchangedAfterDescriptor(payload, Hex.bytes(CHROME_KEYFRAME_720P));
    }

    @Test
    void writesA7BitPictureIdKeepingItsWidth() {
        byte[] payload = Hex.bytes("90 C0 15 17 51");
        assertTrue(Vp8PayloadDescriptor.writePictureId(payload, 0, 0x1234));
        assertEquals(Hex.of(Hex.bytes("90 C0 34 17 51")), Hex.of(payload));
        d.parse(payload, 0, payload.length);
        assertEquals(0x34, d.pictureId());
        assertEquals(7, d.pictureIdBits());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "15-bit id, L and T       | 90 E0 AA 05 17 20 51 | 90 E0 AA 05 C8 20 51",
        "7-bit id and L           | 90 C0 15 17 51       | 90 C0 15 C8 51",
        "L without I              | 80 40 17 51          | 80 40 C8 51",
    })
    void writesTl0PicIdx(String name, String before, String after) {
        byte[] payload = Hex.bytes(before);
        assertTrue(Vp8PayloadDescriptor.writeTl0PicIdx(payload, 0, 0x1C8));
        assertEquals(Hex.of(Hex.bytes(after)), Hex.of(payload));
        d.parse(payload, 0, payload.length);
        assertEquals(0xC8, d.tl0PicIdx());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "15-bit id, L, T and K: TID 2 and Y kept | 90 F0 AA 05 17 A3 51 | 90 F0 AA 05 17 BE 51",
        "7-bit id and K                          | 90 90 15 03 51       | 90 90 15 1E 51",
        "K only                                  | 80 10 E3 51          | 80 10 FE 51",
    })
    void writesKeyIdxKeepingTidAndY(String name, String before, String after) {
        byte[] payload = Hex.bytes(before);
        assertTrue(Vp8PayloadDescriptor.writeKeyIdx(payload, 0, 30 + 32));
        assertEquals(Hex.of(Hex.bytes(after)), Hex.of(payload));
        d.parse(payload, 0, payload.length);
        assertEquals(30, d.keyIdx());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no X                 | 10 50 2C 00",
        "X with no fields     | 90 00 51",
        "X with T only        | 90 20 40 51",
    })
    void writersLeaveADescriptorWithoutTheFieldAlone(String name, String hex) {
        byte[] payload = Hex.bytes(hex);
        assertFalse(Vp8PayloadDescriptor.writePictureId(payload, 0, 99));
        assertFalse(Vp8PayloadDescriptor.writeTl0PicIdx(payload, 0, 99));
        assertFalse(Vp8PayloadDescriptor.writeKeyIdx(payload, 0, 9));
        assertEquals(Hex.of(Hex.bytes(hex)), Hex.of(payload));
    }

    private static void assertUnchangedAfterDescriptor(byte[] payload, byte[] original) {
        assertEquals(Hex.of(original, 4, original.length - 4), Hex.of(payload, 4, payload.length - 4));
    }

    private static Vp8ParseResult code(char c) {
        return switch (c) {
            case 'E' -> Vp8ParseResult.EMPTY;
            case 'X' -> Vp8ParseResult.TRUNCATED_EXTENSION;
            case 'P' -> Vp8ParseResult.TRUNCATED_PICTURE_ID;
            case 'L' -> Vp8ParseResult.TRUNCATED_TL0PICIDX;
            case 'T' -> Vp8ParseResult.TRUNCATED_TID_KEYIDX;
            case 'N' -> Vp8ParseResult.NO_PAYLOAD;
            case 'K' -> Vp8ParseResult.TRUNCATED_KEYFRAME_HEADER;
            default -> throw new IllegalArgumentException("no result code " + c);
        };
    }

    /** The parsed fields in the table's notation, e.g. {@code len=6 S PID=0 pic=10757/15 tl0=23 tid=0 Y}. */
    static String describe(Vp8PayloadDescriptor d) {
        StringBuilder sb = new StringBuilder("len=").append(d.descriptorLength());
        if (d.nonReference()) sb.append(" N");
        if (d.startOfPartition()) sb.append(" S");
        sb.append(" PID=").append(d.partitionIndex());
        if (d.hasPictureId()) sb.append(" pic=").append(d.pictureId()).append('/').append(d.pictureIdBits());
        if (d.hasTl0PicIdx()) sb.append(" tl0=").append(d.tl0PicIdx());
        if (d.hasTid()) sb.append(" tid=").append(d.tid());
        if (d.layerSync()) sb.append(" Y");
        if (d.hasKeyIdx()) sb.append(" keyidx=").append(d.keyIdx());
        if (d.isKeyframe()) sb.append(" key=").append(d.width()).append('x').append(d.height());
        return sb.toString();
    }
}
