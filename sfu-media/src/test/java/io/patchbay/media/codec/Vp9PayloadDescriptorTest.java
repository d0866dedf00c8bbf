package io.patchbay.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.packet.Hex;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Payloads built by hand from RFC 9628 section 4.2 (descriptor) and 4.2.1 (scalability structure). */
class Vp9PayloadDescriptorTest {
    /**
     * The first packet of a key picture of an L3T3_KEY stream (3 spatial layers, 3 temporal layers, spatial layers
     * predicted from each other only on key pictures), in non-flexible mode: the base spatial layer with the
     * scalability structure.
     */
    static final String L3T3_KEY_PICTURE_SID0 = """
            AA            # I=1 P=0 L=1 F=0 B=1 E=0 V=1 Z=0
            80 64         # M=1, PICTURE ID 100
            00            # TID=0 U=0 SID=0 D=0
            2A            # TL0PICIDX 42
            58            # SS: N_S=2 (3 spatial layers) Y=1 G=1
            01 40 00 B4   # layer 0: 320x180
            02 80 01 68   # layer 1: 640x360
            05 00 02 D0   # layer 2: 1280x720
            04            # N_G=4 pictures in the group
            04 04         # TID=0 U=0 R=1, P_DIFF 4
            54 01         # TID=2 U=1 R=1, P_DIFF 1
            34 02         # TID=1 U=1 R=1, P_DIFF 2
            54 01         # TID=2 U=1 R=1, P_DIFF 1
            82 49 83 42   # VP9 frame data: uncompressed header of a key frame, sync code
            """;

    private final Vp9PayloadDescriptor d = new Vp9PayloadDescriptor();

    /**
     * Descriptors as senders lay them out, each with what parsing reports, and what every shorter prefix of the
     * payload reports, one letter per prefix length 0, 1, 2, ... up to the descriptor's length (the prefix without
     * frame data); a letter followed by a number stands for that many of it. E EMPTY, P TRUNCATED_PICTURE_ID,
     * L TRUNCATED_LAYER_INDICES, T TRUNCATED_TL0PICIDX, R TRUNCATED_REFERENCES, S TRUNCATED_SS,
     * W TRUNCATED_SS_RESOLUTION, G TRUNCATED_SS_PICTURE_GROUP, N NO_PAYLOAD.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no optional fields: a whole key picture in one packet | 0C 82 49 83 42 | len=1 B E key | EN",
        "non-flexible, 7-bit id, L with TL0PICIDX, Z | E9 15 50 17 86 | len=4 pic=21/7 P B Z tid=2 U sid=0 tl0=23"
                + " | EPLTN",
        "flexible, 15-bit id, P=0: no P_DIFF        | B8 8F FF 00 82 | len=4 pic=4095/15 F B tid=0 sid=0 key | EPPLN",
        "flexible, one P_DIFF                       | FC 9A 02 20 02 86 | len=5 pic=6658/15 P F B E tid=1 sid=0 refs=1"
                + " | EPPLRN",
        "flexible, two P_DIFFs, no layer indices    | D8 7F 03 06 86 | len=4 pic=127/7 P F B refs=1,3 | EPRRN",
        "flexible, three P_DIFFs, SID 1 with D      | F4 80 05 43 03 05 08 00 | len=7 pic=5/15 P F E tid=2 sid=1 D"
                + " refs=1,2,4 | EPPLRRRN",
        "flexible key picture, SS with Y: 1 layer   | BE 01 00 10 02 80 01 68 82 | len=8 pic=1/7 F B E tid=0 sid=0"
                + " ss=1:640x360 key | EPLSW4N",
        "SS with G, no Y: 2 layers, 2 pictures      | 8A 05 28 02 00 38 01 02 82 | len=8 pic=5/7 B ss=2 key | EPSG5N",
        "SS with neither Y nor G                    | 0A 00 82 | len=2 B ss=1 key | ESN",
        "L3T3_KEY key picture, SID 0, with SS       | AA 80 64 00 2A 58 01 40 00 B4 02 80 01 68 05 00 02 D0 04 04 04"
                + " 54 01 34 02 54 01 82 49 83 42 | len=27 pic=100/15 B tid=0 sid=0 tl0=42"
                + " ss=3:320x180,640x360,1280x720 key | EPPLTSW12G9N",
        "L3T3_KEY key picture, SID 0, later packet  | A4 80 64 00 2A 11 22 | len=5 pic=100/15 E tid=0 sid=0 tl0=42"
                + " | EPPLTN",
        "L3T3_KEY key picture, SID 1: P=0, D=1      | AC 80 64 03 2A 82 | len=5 pic=100/15 B E tid=0 sid=1 D tl0=42"
                + " | EPPLTN",
        "L3T3_KEY delta picture, SID 1: P=1, D=0    | EC 80 65 52 2A 86 | len=5 pic=101/15 P B E tid=2 U sid=1 tl0=42"
                + " | EPPLTN",
        "every bit set: flexible, 3 P_DIFFs, SS of 8 layers and a picture with R=3 | FF FF FF FF 03 05 7E F8"
                + " 00 10 00 09 00 20 00 12 00 40 00 24 00 80 00 48 01 00 00 90 02 00 01 20 04 00 02 40 08 00 04 80"
                + " 01 FC FF FF FF 00 | len=45 pic=32767/15 P F B E Z tid=7 U sid=7 D refs=1,2,63"
                + " ss=8:16x9,32x18,64x36,128x72,256x144,512x288,1024x576,2048x1152 | EPPLRRRSW32G5N",
    })
    void parsesAndRejectsEveryTruncation(String name, String hex, String expected, String truncations) {
        byte[] payload = Hex.bytes(hex);
        assertEquals(Vp9ParseResult.OK, d.parse(payload, 0, payload.length));
        assertEquals(expected.trim(), describe(d));
        assertEquals(payload.length - d.descriptorLength(), d.vp9PayloadLength());
        assertEquals(d.descriptorLength(), d.vp9PayloadOffset());
        assertEveryPrefixFails(payload, expand(truncations.trim()));

        byte[] junkAround = new byte[payload.length + 20];
        Arrays.fill(junkAround, (byte) 0xFF);
        System.arraycopy(payload, 0, junkAround, 13, payload.length);
        assertEquals(Vp9ParseResult.OK, d.parse(junkAround, 13, payload.length));
        assertEquals(expected.trim(), describe(d), "the same between junk bytes");
    }

    /**
     * The longest descriptors the format allows, built in code: 15-bit PICTURE ID, layer indices, TL0PICIDX or 3
     * P_DIFFs, and a scalability structure with 8 resolutions and 255 pictures of 3 P_DIFFs each.
     */
    @ParameterizedTest(name = "flexible={0}")
    @CsvSource({"true, 1061, EPPLRRRSW32G1021N", "false, 1059, EPPLTSW32G1021N"})
    void rejectsEveryTruncationOfTheLongestDescriptor(boolean flexible, int length, String truncations) {
        byte[] payload = new byte[Vp9PayloadDescriptor.MAX_DESCRIPTOR_LENGTH + 1];
        int i = 0;
        payload[i++] = (byte) (flexible ? 0xFF : 0xEF); // all of I P L B E V Z, and F when flexible
        payload[i++] = (byte) 0xFF; // M=1
        payload[i++] = (byte) 0xFF;
        payload[i++] = (byte) 0xFF; // TID=7 U SID=7 D
        if (flexible) {
            payload[i++] = 0x03; // P_DIFF 1, N
            payload[i++] = 0x05; // P_DIFF 2, N
            payload[i++] = 0x06; // P_DIFF 3
        } else {
            payload[i++] = 0x2A; // TL0PICIDX
        }
        payload[i++] = (byte) 0xF8; // N_S=7 Y G
        for (int sid = 0; sid < 8; sid++, i += 4) {
            payload[i + 1] = (byte) (sid + 1); // (sid + 1) x (sid + 9)
            payload[i + 3] = (byte) (sid + 9);
        }
        payload[i++] = (byte) 0xFF; // N_G=255
        for (int picture = 0; picture < 255; picture++) {
            payload[i++] = (byte) 0xFC; // TID=7 U R=3
            payload[i++] = (byte) picture;
            payload[i++] = (byte) ~picture;
            payload[i++] = (byte) 0x80;
        }
        int withFrameData = i + 1;

        assertEquals(Vp9ParseResult.OK, d.parse(payload, 0, withFrameData));
        assertEquals(length, d.descriptorLength());
        assertEquals(flexible ? 3 : 0, d.referenceCount());
        assertEquals(8, d.spatialLayerCount());
        assertEquals(8, d.width(7));
        assertEquals(16, d.height(7));
        assertEveryPrefixFails(Arrays.copyOf(payload, withFrameData), expand(truncations));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty                                         | ''                      | EMPTY",
        "15-bit id cut after its first byte            | 80 80                   | TRUNCATED_PICTURE_ID",
        "I and L, layer indices missing                | A0 15                   | TRUNCATED_LAYER_INDICES",
        "non-flexible with L, TL0PICIDX missing        | A0 15 00                | TRUNCATED_TL0PICIDX",
        "P and F, P_DIFF missing                       | D0 15                   | TRUNCATED_REFERENCES",
        "N set on the third P_DIFF: a fourth announced | D8 7F 03 05 07 86       | TOO_MANY_REFERENCES",
        "P and F without a picture id                  | 58 02 86                | REFERENCES_WITHOUT_PICTURE_ID",
        "V set, SS missing                             | 8A 15                   | TRUNCATED_SS",
        "Y for 2 layers, resolution of one            | 02 30 01 40 00 B4 82    | TRUNCATED_SS_RESOLUTION",
        "G set, N_G missing                            | 02 08                   | TRUNCATED_SS_PICTURE_GROUP",
        "a picture with R=2 and one P_DIFF             | 02 08 01 08 01          | TRUNCATED_SS_PICTURE_GROUP",
        "descriptor without frame data                 | 90 01                   | NO_PAYLOAD",
    })
    void rejectsMalformedPayloads(String name, String hex, Vp9ParseResult expected) {
        byte[] payload = Hex.bytes(hex);
        assertEquals(expected, d.parse(payload, 0, payload.length));
    }

    /** The key picture's 31 bytes with regions that do not fit them. */
    @ParameterizedTest(name = "off={0} len={1}")
    @CsvSource({"-1, 3", "2, 31", "0, 32", "0, -1", "31, 1"})
    void reportsBadBoundsInsteadOfThrowing(int off, int len) {
        assertEquals(Vp9ParseResult.BAD_BOUNDS, d.parse(Hex.bytes(L3T3_KEY_PICTURE_SID0), off, len));
        assertEquals(Vp9ParseResult.BAD_BOUNDS, d.parse(null, off, len));
    }

    @Test
    void viewsThePayloadWhereItSitsInTheBuffer() {
        byte[] payload = Hex.bytes(L3T3_KEY_PICTURE_SID0);
        byte[] buf = new byte[100];
        Arrays.fill(buf, (byte) 0xFF);
        System.arraycopy(payload, 0, buf, 28, payload.length);
        assertEquals(Vp9ParseResult.OK, d.parse(buf, 28, payload.length));
        assertSame(buf, d.buffer());
        assertEquals(List.of(28, 31, 27, 28 + 27, 31 - 27),
                List.of(d.offset(), d.length(), d.descriptorLength(), d.vp9PayloadOffset(), d.vp9PayloadLength()));
    }

    @Test
    void answersNeutrallyForFieldsThatAreAbsent() {
        byte[] payload = Hex.bytes("0C 82");
        assertEquals(Vp9ParseResult.OK, d.parse(payload, 0, payload.length));
        assertFalse(d.hasPictureId());
        assertEquals(-1, d.pictureId());
        assertEquals(0, d.pictureIdBits());
        assertFalse(d.hasLayerIndices());
        assertEquals(0, d.temporalId());
        assertEquals(0, d.spatialId());
        assertFalse(d.switchingUpPoint());
        assertFalse(d.interLayerDependency());
        assertFalse(d.hasTl0PicIdx());
        assertEquals(-1, d.tl0PicIdx());
        assertEquals(0, d.referenceCount());
        assertEquals(-1, d.pDiff(0));
        assertFalse(d.hasScalabilityStructure());
        assertEquals(0, d.spatialLayerCount());
        assertEquals(0, d.width(0));
        assertEquals(0, d.height(0));
    }

    @Test
    void answersZeroForSpatialLayersTheStructureDoesNotDescribe() {
        byte[] payload = Hex.bytes(L3T3_KEY_PICTURE_SID0);
        assertEquals(Vp9ParseResult.OK, d.parse(payload, 0, payload.length));
        assertEquals(0, d.width(3));
        assertEquals(0, d.height(-1));
        assertEquals(-1, d.pDiff(0)); // non-flexible: the picture group's P_DIFFs are not references of this packet
    }

    /** PICTURE ID 0x9234 (bit 15 dropped, or 7 bits kept) and TL0PICIDX 0x1C8 (8 bits kept), where present. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "15-bit id and TL0PICIDX              | AC 80 64 03 2A 82 | AC 92 34 03 C8 82",
        "7-bit id and TL0PICIDX               | E9 15 50 17 86    | E9 34 50 C8 86",
        "TL0PICIDX without id                 | 28 50 17 86       | 28 50 C8 86",
        "flexible, 15-bit id, no TL0PICIDX    | B8 8F FF 00 82    | B8 92 34 00 82",
        "7-bit id without layer indices       | 8A 05 00 82       | 8A 34 00 82",
        "neither                              | 0C 82             | 0C 82",
        "flexible with L but no id            | 38 00 82          | 38 00 82",
    })
    void rewritesPictureIdAndTl0PicIdxInPlaceKeepingTheLayout(String name, String before, String after) {
        byte[] payload = Hex.bytes(before);
        assertEquals(Vp9ParseResult.OK, d.parse(payload, 0, payload.length));
        String layout = describeLayout(d);
        boolean hasPictureId = d.hasPictureId();
        boolean hasTl0PicIdx = d.hasTl0PicIdx();
        int bits = d.pictureIdBits();

        assertEquals(hasPictureId, Vp9PayloadDescriptor.writePictureId(payload, 0, 0x9234));
        assertEquals(hasTl0PicIdx, Vp9PayloadDescriptor.writeTl0PicIdx(payload, 0, 0x1C8));
        assertEquals(Hex.of(Hex.bytes(after)), Hex.of(payload));
        assertEquals(Vp9ParseResult.OK, d.parse(payload, 0, payload.length));
        assertEquals(layout, describeLayout(d));
        assertEquals(bits, d.pictureIdBits());
        assertEquals(hasPictureId ? 0x9234 & (1 << bits) - 1 : -1, d.pictureId());
        assertEquals(hasTl0PicIdx ? 0xC8 : -1, d.tl0PicIdx());
    }

    @Test
    void rewritesTheKeyPictureIdWithoutTouchingTheScalabilityStructure() {
        byte[] payload = Hex.bytes(L3T3_KEY_PICTURE_SID0);
        assertTrue(Vp9PayloadDescriptor.writePictureId(payload, 0, 0x7FFF));
        assertTrue(Vp9PayloadDescriptor.writeTl0PicIdx(payload, 0, 7));
        byte[] original = Hex.bytes(L3T3_KEY_PICTURE_SID0);
        assertEquals(Hex.of(Hex.bytes("AA FF FF 00 07")), Hex.of(payload, 0, 5));
        assertEquals(Hex.of(original, 5, original.length - 5), Hex.of(payload, 5, payload.length - 5));
    }

    /** Each prefix shorter than {@code codes} gives its letter's error; every longer one parses. */
    private void assertEveryPrefixFails(byte[] payload, String codes) {
        assertEquals(d.descriptorLength() + 1, codes.length(), "one letter per prefix up to the descriptor's length");
        for (int prefix = 0; prefix < payload.length; prefix++) {
            Vp9ParseResult expected = prefix < codes.length() ? code(codes.charAt(prefix)) : Vp9ParseResult.OK;
            assertEquals(expected, d.parse(payload, 0, prefix), "prefix of " + prefix + " bytes");
        }
    }

    /** {@code "EPPLTSW12G9N"} to one letter per prefix: a letter followed by a number stands for that many of it. */
    private static String expand(String codes) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < codes.length()) {
            char letter = codes.charAt(i++);
            int digits = i;
            while (i < codes.length() && Character.isDigit(codes.charAt(i))) {
                i++;
            }
            sb.append(String.valueOf(letter).repeat(i > digits ? Integer.parseInt(codes.substring(digits, i)) : 1));
        }
        return sb.toString();
    }

    private static Vp9ParseResult code(char c) {
        return switch (c) {
            case 'E' -> Vp9ParseResult.EMPTY;
            case 'P' -> Vp9ParseResult.TRUNCATED_PICTURE_ID;
            case 'L' -> Vp9ParseResult.TRUNCATED_LAYER_INDICES;
            case 'T' -> Vp9ParseResult.TRUNCATED_TL0PICIDX;
            case 'R' -> Vp9ParseResult.TRUNCATED_REFERENCES;
            case 'S' -> Vp9ParseResult.TRUNCATED_SS;
            case 'W' -> Vp9ParseResult.TRUNCATED_SS_RESOLUTION;
            case 'G' -> Vp9ParseResult.TRUNCATED_SS_PICTURE_GROUP;
            case 'N' -> Vp9ParseResult.NO_PAYLOAD;
            default -> throw new IllegalArgumentException("no result code " + c);
        };
    }

    /** The parsed fields in the table's notation, e.g. {@code len=5 pic=101/15 P B E tid=2 U sid=1 tl0=42}. */
    static String describe(Vp9PayloadDescriptor d) {
        StringBuilder sb = new StringBuilder("len=").append(d.descriptorLength());
        if (d.hasPictureId()) sb.append(" pic=").append(d.pictureId()).append('/').append(d.pictureIdBits());
        appendFlagsAndLayers(sb, d);
        if (d.hasTl0PicIdx()) sb.append(" tl0=").append(d.tl0PicIdx());
        appendReferencesAndStructure(sb, d);
        return sb.toString();
    }

    /** {@link #describe} without the two fields the writers change (PICTURE ID and TL0PICIDX values). */
    static String describeLayout(Vp9PayloadDescriptor d) {
        StringBuilder sb = new StringBuilder("len=").append(d.descriptorLength());
        sb.append(" pic/").append(d.pictureIdBits());
        appendFlagsAndLayers(sb, d);
        sb.append(d.hasTl0PicIdx() ? " tl0" : "");
        appendReferencesAndStructure(sb, d);
        return sb.toString();
    }

    private static void appendFlagsAndLayers(StringBuilder sb, Vp9PayloadDescriptor d) {
        if (d.interPicturePredicted()) sb.append(" P");
        if (d.flexibleMode()) sb.append(" F");
        if (d.startOfLayerFrame()) sb.append(" B");
        if (d.endOfLayerFrame()) sb.append(" E");
        if (d.notReferenceForUpperSpatial()) sb.append(" Z");
        if (d.hasLayerIndices()) {
            sb.append(" tid=").append(d.temporalId());
            if (d.switchingUpPoint()) sb.append(" U");
            sb.append(" sid=").append(d.spatialId());
            if (d.interLayerDependency()) sb.append(" D");
        }
    }

    private static void appendReferencesAndStructure(StringBuilder sb, Vp9PayloadDescriptor d) {
        for (int i = 0; i < d.referenceCount(); i++) {
            sb.append(i == 0 ? " refs=" : ",").append(d.pDiff(i));
        }
        if (d.hasScalabilityStructure()) {
            sb.append(" ss=").append(d.spatialLayerCount());
            for (int sid = 0; d.hasLayerResolutions() && sid < d.spatialLayerCount(); sid++) {
                sb.append(sid == 0 ? ':' : ',').append(d.width(sid)).append('x').append(d.height(sid));
            }
        }
        if (d.keyframe()) sb.append(" key");
    }
}
