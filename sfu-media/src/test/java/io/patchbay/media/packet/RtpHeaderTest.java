package io.patchbay.media.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtpHeaderTest {
    private final RtpHeader header = new RtpHeader();

    @Test
    void parsesMinimalHeader() {
        byte[] buf = Hex.bytes("""
                80 60 12 34   # V=2 P=0 X=0 CC=0 | M=0 PT=96 | seq=0x1234
                00 00 30 39   # timestamp=12345
                DE AD BE EF   # SSRC=0xDEADBEEF
                01 02 03      # payload
                """);
        assertEquals(RtpParseResult.OK, header.parse(buf, 0, buf.length));
        assertEquals(2, header.version());
        assertFalse(header.hasPadding());
        assertFalse(header.hasExtension());
        assertEquals(0, header.csrcCount());
        assertFalse(header.marker());
        assertEquals(96, header.payloadType());
        assertEquals(0x1234, header.sequenceNumber());
        assertEquals(12345L, header.timestamp());
        assertEquals(0xDEADBEEFL, header.ssrc());
        assertEquals(12, header.headerLength());
        assertEquals(12, header.payloadOffset());
        assertEquals(3, header.payloadLength());
        assertEquals(0, header.paddingLength());
        assertEquals(0, header.extensionProfile());
        assertEquals(-1, header.findExtension(1));
    }

    @Test
    void readsAllFieldsUnsignedAtTheirMaximum() {
        byte[] buf = Hex.bytes("""
                80 FF FF FF   # M=1 PT=127 seq=65535
                FF FF FF FF   # timestamp=2^32-1
                FF FF FF FF   # SSRC=2^32-1
                """);
        assertEquals(RtpParseResult.OK, header.parse(buf, 0, buf.length));
        assertTrue(header.marker());
        assertEquals(127, header.payloadType());
        assertEquals(65535, header.sequenceNumber());
        assertEquals(0xFFFF_FFFFL, header.timestamp());
        assertEquals(0xFFFF_FFFFL, header.ssrc());
        assertEquals(0, header.payloadLength());
    }

    @Test
    void parsesAtAnOffsetInsideALargerArray() {
        byte[] buf = Hex.bytes("""
                EE EE EE EE   # bytes before the packet (headroom)
                82 08 00 07   # V=2 CC=2 | PT=8 | seq=7
                00 00 00 A0   # timestamp=160
                00 00 00 01   # SSRC=1
                11 11 11 11   # CSRC 1
                22 22 22 22   # CSRC 2
                AB            # payload
                EE EE         # bytes after the packet
                """);
        assertEquals(RtpParseResult.OK, header.parse(buf, 4, 21));
        assertEquals(2, header.csrcCount());
        assertEquals(0x11111111L, header.csrc(0));
        assertEquals(0x22222222L, header.csrc(1));
        assertEquals(20, header.headerLength());
        assertEquals(24, header.payloadOffset());
        assertEquals(1, header.payloadLength());
        assertEquals((byte) 0xAB, buf[header.payloadOffset()]);
    }

    @Test
    void findsOneByteHeaderExtensionElements() {
        byte[] buf = Hex.bytes("""
                90 6F 00 01   # V=2 X=1 | PT=111 | seq=1
                00 00 00 02   # timestamp
                00 00 00 03   # SSRC
                BE DE 00 02   # one-byte form, 2 words of elements
                10 AA         # id=1 L=0: 1 byte  AA
                00            # padding byte between elements
                22 01 02 03   # id=2 L=2: 3 bytes 01 02 03
                00            # padding to the 32-bit boundary
                C0 C1         # payload
                """);
        assertEquals(RtpParseResult.OK, header.parse(buf, 0, buf.length));
        assertTrue(header.isOneByteExtension());
        assertEquals(0xBEDE, header.extensionProfile());
        assertEquals(16, header.extensionDataOffset());
        assertEquals(8, header.extensionDataLength());
        assertEquals(24, header.headerLength());
        assertEquals(2, header.payloadLength());

        assertEquals(17, header.findExtension(1));
        assertEquals(1, header.foundExtensionLength());
        assertEquals(20, header.findExtension(2));
        assertEquals(3, header.foundExtensionLength());
        assertEquals(-1, header.findExtension(3));
        assertEquals(0, header.foundExtensionLength());
        assertEquals(-1, header.findExtension(0), "id 0 is padding, never an element");
        assertEquals(-1, header.findExtension(15), "id 15 is reserved in the one-byte form");
    }

    @Test
    void findsTwoByteHeaderExtensionElementsIncludingEmptyOnes() {
        byte[] buf = Hex.bytes("""
                90 60 00 01   # V=2 X=1 | PT=96 | seq=1
                00 00 00 02   # timestamp
                00 00 00 03   # SSRC
                10 07 00 02   # two-byte form (0x100 + appbits 7), 2 words
                01 00         # id=1 length=0
                02 03 0A 0B 0C   # id=2 length=3: 0A 0B 0C
                00            # padding
                """);
        assertEquals(RtpParseResult.OK, header.parse(buf, 0, buf.length));
        assertTrue(header.isTwoByteExtension());
        assertFalse(header.isOneByteExtension());
        assertEquals(18, header.findExtension(1));
        assertEquals(0, header.foundExtensionLength());
        assertEquals(20, header.findExtension(2));
        assertEquals(3, header.foundExtensionLength());
        assertEquals(-1, header.findExtension(3));
    }

    @Test
    void reservedId15StopsTheOneByteWalk() {
        byte[] buf = Hex.bytes("""
                90 60 00 01  00 00 00 02  00 00 00 03   # X=1
                BE DE 00 01   # one-byte form, 1 word
                F0            # id=15: stop processing here
                10 AA         # id=1 after it: must not be found
                00
                """);
        assertEquals(RtpParseResult.OK, header.parse(buf, 0, buf.length));
        assertEquals(-1, header.findExtension(1));
    }

    @Test
    void elementRunningPastTheBlockIsNotReturned() {
        byte[] buf = Hex.bytes("""
                90 60 00 01  00 00 00 02  00 00 00 03   # X=1
                BE DE 00 01   # one-byte form, 1 word
                10 AA         # id=1, 1 byte
                2F 00         # id=2 L=15: 16 bytes announced, 1 left
                99 99         # payload: must not be read as element data
                """);
        assertEquals(RtpParseResult.OK, header.parse(buf, 0, buf.length));
        assertEquals(17, header.findExtension(1));
        assertEquals(-1, header.findExtension(2));
    }

    @Test
    void unknownExtensionProfileHasNoElements() {
        byte[] buf = Hex.bytes("""
                90 60 00 01  00 00 00 02  00 00 00 03   # X=1
                AB CD 00 01   # profile 0xABCD (not RFC 8285), 1 word
                10 AA 00 00
                """);
        assertEquals(RtpParseResult.OK, header.parse(buf, 0, buf.length));
        assertEquals(0xABCD, header.extensionProfile());
        assertEquals(20, header.headerLength());
        assertEquals(-1, header.findExtension(1));
    }

    @Test
    void excludesPaddingFromThePayload() {
        byte[] buf = Hex.bytes("""
                A0 60 00 01   # V=2 P=1 | PT=96 | seq=1
                00 00 00 02   # timestamp
                00 00 00 03   # SSRC
                11 22         # payload
                00 00 03      # padding, last byte counts 3 (itself included)
                """);
        assertEquals(RtpParseResult.OK, header.parse(buf, 0, buf.length));
        assertTrue(header.hasPadding());
        assertEquals(3, header.paddingLength());
        assertEquals(2, header.payloadLength());
    }

    @Test
    void paddingMayFillTheWholePayload() {
        byte[] buf = Hex.bytes("""
                A0 60 00 01  00 00 00 02  00 00 00 03   # P=1
                00 00 00 04   # only padding (a probe packet)
                """);
        assertEquals(RtpParseResult.OK, header.parse(buf, 0, buf.length));
        assertEquals(0, header.payloadLength());
        assertEquals(4, header.paddingLength());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty", "", RtpParseResult.TOO_SHORT),
                Arguments.of("11 bytes, one short of the fixed header",
                        "80 60 00 01  00 00 00 02  00 00 00", RtpParseResult.TOO_SHORT),
                Arguments.of("version 0", "00 60 00 01  00 00 00 02  00 00 00 03", RtpParseResult.BAD_VERSION),
                Arguments.of("version 1", "40 60 00 01  00 00 00 02  00 00 00 03", RtpParseResult.BAD_VERSION),
                Arguments.of("version 3", "C0 60 00 01  00 00 00 02  00 00 00 03", RtpParseResult.BAD_VERSION),
                Arguments.of("CC=1 but no CSRC",
                        "81 60 00 01  00 00 00 02  00 00 00 03", RtpParseResult.BAD_CSRC_COUNT),
                Arguments.of("CC=2 but one CSRC and 2 bytes",
                        "82 60 00 01  00 00 00 02  00 00 00 03  11 11 11 11  22 22", RtpParseResult.BAD_CSRC_COUNT),
                Arguments.of("X=1 but no extension header",
                        "90 60 00 01  00 00 00 02  00 00 00 03", RtpParseResult.BAD_EXTENSION_LENGTH),
                Arguments.of("X=1 and half an extension header",
                        "90 60 00 01  00 00 00 02  00 00 00 03  BE DE", RtpParseResult.BAD_EXTENSION_LENGTH),
                Arguments.of("extension announces 1 word, 3 bytes present",
                        "90 60 00 01  00 00 00 02  00 00 00 03  BE DE 00 01  10 AA 00",
                        RtpParseResult.BAD_EXTENSION_LENGTH),
                Arguments.of("extension announces 65535 words",
                        "90 60 00 01  00 00 00 02  00 00 00 03  BE DE FF FF  10 AA 00 00",
                        RtpParseResult.BAD_EXTENSION_LENGTH),
                Arguments.of("CC=1 and X=1: extension data missing after the CSRC",
                        "91 60 00 01  00 00 00 02  00 00 00 03  11 11 11 11  BE DE 00 01",
                        RtpParseResult.BAD_EXTENSION_LENGTH),
                Arguments.of("P=1 and no byte after the header",
                        "A0 60 00 01  00 00 00 02  00 00 00 03", RtpParseResult.BAD_PADDING),
                Arguments.of("P=1 with padding count 0",
                        "A0 60 00 01  00 00 00 02  00 00 00 03  11 22 00", RtpParseResult.BAD_PADDING),
                Arguments.of("P=1 with padding count larger than the payload",
                        "A0 60 00 01  00 00 00 02  00 00 00 03  11 22 04", RtpParseResult.BAD_PADDING),
                Arguments.of("P=1 with padding count reaching into the extension",
                        "B0 60 00 01  00 00 00 02  00 00 00 03  BE DE 00 01  10 AA 00 00  05",
                        RtpParseResult.BAD_PADDING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedPackets(String name, String hex, RtpParseResult expected) {
        byte[] buf = Hex.bytes(hex);
        assertEquals(expected, header.parse(buf, 0, buf.length));
    }

    @Test
    void reportsBadBoundsInsteadOfThrowing() {
        byte[] buf = new byte[20];
        assertEquals(RtpParseResult.BAD_BOUNDS, header.parse(buf, -1, 12));
        assertEquals(RtpParseResult.BAD_BOUNDS, header.parse(buf, 10, 12));
        assertEquals(RtpParseResult.BAD_BOUNDS, header.parse(buf, 0, -1));
        assertEquals(RtpParseResult.BAD_BOUNDS, header.parse(null, 0, 12));
        assertEquals(RtpParseResult.BAD_BOUNDS, header.parse(buf, Integer.MAX_VALUE, 12));
    }

    @Test
    void oneInstanceIsReusedAcrossPackets() {
        byte[] withExtension = Hex.bytes("""
                90 60 00 01  00 00 00 02  00 00 00 03
                BE DE 00 01  10 AA 00 00
                """);
        byte[] plain = Hex.bytes("80 61 00 02  00 00 00 04  00 00 00 05  77");
        assertEquals(RtpParseResult.OK, header.parse(withExtension, 0, withExtension.length));
        assertEquals(17, header.findExtension(1));
        assertEquals(RtpParseResult.OK, header.parse(plain, 0, plain.length));
        assertEquals(-1, header.findExtension(1), "no leftover extension from the previous packet");
        assertEquals(-1, header.extensionDataOffset());
        assertEquals(0, header.extensionProfile());
        assertEquals(97, header.payloadType());
        assertEquals(1, header.payloadLength());
    }

    @Test
    void rewritesFieldsInPlace() {
        byte[] buf = Hex.bytes("""
                80 E0 12 34   # M=1 PT=96 seq=0x1234
                11 22 33 44   # timestamp
                55 66 77 88   # SSRC
                """);
        RtpHeader.setSequenceNumber(buf, 0, 0x1_ABCD); // high bits ignored
        RtpHeader.setTimestamp(buf, 0, 0x1_CAFE_BABEL);
        RtpHeader.setSsrc(buf, 0, 0xFEED_F00DL);
        RtpHeader.setPayloadType(buf, 0, 111);
        assertArrayEquals(Hex.bytes("""
                80 EF AB CD   # marker kept, PT=111, seq=0xABCD
                CA FE BA BE   # timestamp low 32 bits
                FE ED F0 0D   # SSRC
                """), buf);
        RtpHeader.setMarker(buf, 0, false);
        assertEquals(0x6F, buf[1] & 0xFF, "payload type kept when clearing the marker");
        RtpHeader.setMarker(buf, 0, true);
        assertEquals(0xEF, buf[1] & 0xFF);
    }
}
