package io.patchbay.media.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtpHeaderWriterTest {
    private final RtpHeaderWriter writer = new RtpHeaderWriter();
    private final RtpHeader header = new RtpHeader();

    @Test
    void writesFixedHeaderWithoutExtension() {
        byte[] dst = new byte[12];
        assertTrue(writer.begin(dst, 0, false, true, 96, 0x1234, 0x11223344L, 0xCAFEBABEL));
        assertEquals(12, writer.finish());
        assertArrayEquals(Hex.bytes("""
                80 E0 12 34   # V=2 P=0 X=0 CC=0 | M=1 PT=96 | seq=0x1234
                11 22 33 44   # timestamp
                CA FE BA BE   # SSRC
                """), dst);
    }

    @Test
    void writesComputedElementsPaddedToAWord() {
        byte[] dst = new byte[24];
        writer.begin(dst, 0, false, true, 96, 0x1234, 0x11223344L, 0xCAFEBABEL);
        assertTrue(writer.addAbsSendTime(3, 0x123456));
        assertTrue(writer.addTransportSeq(5, 0xABCD));
        assertEquals(24, writer.finish());
        assertArrayEquals(Hex.bytes("""
                90 E0 12 34   # V=2 X=1 | M=1 PT=96 | seq=0x1234
                11 22 33 44   # timestamp
                CA FE BA BE   # SSRC
                BE DE 00 02   # one-byte form, 2 words
                32 12 34 56   # id=3 L=2: abs-send-time 0x123456
                51 AB CD      # id=5 L=1: transport-wide seq 0xABCD
                00            # padding to the 32-bit boundary
                """), dst);
    }

    @Test
    void writesTheTwoByteFormForALongElement() {
        byte[] element = new byte[40];
        for (int i = 0; i < element.length; i++) element[i] = (byte) (i + 1);
        byte[] dst = new byte[100];
        writer.begin(dst, 0, false, false, 45, 7, 9000, 0x1234);
        assertFalse(writer.addElement(5, element, 0, element.length), "one-byte form: 16 bytes at most");
        assertTrue(writer.useTwoByteForm());
        assertTrue(writer.addTransportSeq(3, 0xABCD));
        assertTrue(writer.addElement(5, element, 0, element.length));
        int length = writer.finish();
        assertEquals(12 + 4 + 48, length, "2 + 2 + 2 + 40 bytes of elements, padded to 48");
        assertEquals(0x10, dst[12] & 0xFF);
        assertEquals(0x00, dst[13] & 0xFF);
        byte[] packet = Arrays.copyOf(dst, length + 1);
        assertEquals(RtpParseResult.OK, header.parse(packet, 0, packet.length));
        int at = header.findExtension(5);
        assertEquals(40, header.foundExtensionLength());
        assertArrayEquals(element, Arrays.copyOfRange(packet, at, at + 40));
        assertTrue(header.findExtension(3) >= 0);
        assertEquals(2, header.foundExtensionLength());
    }

    @Test
    void theFormIsChosenBeforeTheFirstElement() {
        byte[] dst = new byte[40];
        writer.begin(dst, 0, false, false, 45, 7, 9000, 0x1234);
        assertTrue(writer.addTransportSeq(3, 1));
        assertFalse(writer.useTwoByteForm());
    }

    @Test
    void copiesCsrcsAndElementsFromASourcePacket() {
        byte[] src = Hex.bytes("""
                91 6F 00 09   # CC=1 X=1 | PT=111 | seq=9
                00 00 03 C0   # timestamp=960
                00 00 00 0A   # SSRC=10
                AA BB CC DD   # CSRC
                10 00 00 02   # two-byte form, 2 words
                01 01 85      # id=1 length=1: audio level 0x85
                04 02 61 30   # id=4 length=2: mid "a0"
                00            # padding
                FF            # payload
                """);
        assertEquals(RtpParseResult.OK, header.parse(src, 0, src.length));

        byte[] dst = new byte[64];
        Arrays.fill(dst, (byte) 0xEE);
        writer.begin(dst, 4, false, header.marker(), 100, 77, 5000, 0x0BADCAFEL);
        assertTrue(writer.copyCsrcs(src, header.offset() + 12, header.csrcCount()));
        int level = header.findExtension(1);
        assertTrue(writer.addElement(1, src, level, header.foundExtensionLength()));
        int mid = header.findExtension(4);
        assertTrue(writer.addElement(9, src, mid, header.foundExtensionLength()), "ids can be remapped");
        int written = writer.finish();

        assertEquals(28, written);
        assertEquals(Hex.of(Hex.bytes("""
                91 64 00 4D   # V=2 X=1 CC=1 | M=0 PT=100 | seq=77
                00 00 13 88   # timestamp=5000
                0B AD CA FE   # SSRC
                AA BB CC DD   # CSRC copied
                BE DE 00 02   # one-byte form, 2 words
                10 85         # id=1 L=0: 85
                91 61 30      # id=9 L=1: 61 30
                00 00 00      # padding
                """)), Hex.of(dst, 4, written));
        assertEquals((byte) 0xEE, dst[3], "nothing written before the offset");
        assertEquals((byte) 0xEE, dst[4 + written], "nothing written after the header");

        assertEquals(RtpParseResult.OK, header.parse(dst, 4, written));
        assertEquals(0x0BADCAFEL, header.ssrc());
        assertEquals(0xAABBCCDDL, header.csrc(0));
        // offset 4, then 12 + 4 (CSRC) + 4 (extension header), then "10 85" and the id byte "91"
        assertEquals(4 + 20 + 3, header.findExtension(9));
        assertEquals(2, header.foundExtensionLength());
    }

    @Test
    void writesPaddingFlagAsGiven() {
        byte[] dst = new byte[12];
        writer.begin(dst, 0, true, false, 0, 0, 0, 0);
        assertEquals(12, writer.finish());
        assertEquals(0xA0, dst[0] & 0xFF);
    }

    @Test
    void acceptsSixteenByteElementAndFillsTheBufferExactly() {
        byte[] data = new byte[16];
        Arrays.fill(data, (byte) 7);
        byte[] dst = new byte[12 + 4 + 20]; // 1 + 16 bytes of element, padded to 20
        writer.begin(dst, 0, false, false, 96, 1, 2, 3);
        assertTrue(writer.addElement(14, data, 0, 16));
        assertEquals(36, writer.finish());
        assertEquals(RtpParseResult.OK, header.parse(dst, 0, 36));
        assertEquals(17, header.findExtension(14));
        assertEquals(16, header.foundExtensionLength());
    }

    static Stream<Arguments> refusedElements() {
        byte[] src = new byte[20];
        return Stream.of(
                Arguments.of("id 0 is padding", 0, src, 0, 1),
                Arguments.of("id 15 is reserved", 15, src, 0, 1),
                Arguments.of("negative id", -1, src, 0, 1),
                Arguments.of("length 0 does not exist in the one-byte form", 1, src, 0, 0),
                Arguments.of("length 17 is too long", 1, src, 0, 17),
                Arguments.of("source region past the array", 1, src, 18, 4),
                Arguments.of("negative source offset", 1, src, -1, 2),
                Arguments.of("null source", 1, null, 0, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedElements")
    void refusesBadElementsAndKeepsTheHeaderValid(String name, int id, byte[] src, int srcOff, int len) {
        byte[] dst = new byte[64];
        writer.begin(dst, 0, false, false, 96, 1, 2, 3);
        assertFalse(writer.addElement(id, src, srcOff, len));
        assertTrue(writer.addTransportSeq(2, 5));
        int written = writer.finish();
        assertEquals(20, written);
        assertEquals(RtpParseResult.OK, header.parse(dst, 0, written));
        assertEquals(17, header.findExtension(2));
    }

    @Test
    void refusesADuplicateId() {
        byte[] dst = new byte[64];
        writer.begin(dst, 0, false, false, 96, 1, 2, 3);
        assertTrue(writer.addTransportSeq(2, 5));
        assertFalse(writer.addAbsSendTime(2, 5));
        assertEquals(20, writer.finish());
    }

    @Test
    void refusesAnElementThatWouldNotFitWithItsPadding() {
        byte[] dst = new byte[12 + 4 + 3]; // a 2-byte element needs 3 bytes, but padding makes it 4
        writer.begin(dst, 0, false, false, 96, 1, 2, 3);
        assertFalse(writer.addTransportSeq(2, 5));
        assertEquals(12, writer.finish(), "header still written, without extension");
        assertEquals(0x80, dst[0] & 0xFF);
    }

    @Test
    void failsWhenTheFixedHeaderDoesNotFit() {
        byte[] dst = new byte[20];
        assertFalse(writer.begin(dst, 9, false, false, 96, 1, 2, 3));
        assertFalse(writer.addTransportSeq(2, 5));
        assertEquals(-1, writer.finish());
    }

    @Test
    void failsWhenCsrcsComeAfterAnElement() {
        byte[] dst = new byte[64];
        writer.begin(dst, 0, false, false, 96, 1, 2, 3);
        writer.addTransportSeq(2, 5);
        assertFalse(writer.copyCsrcs(new byte[4], 0, 1));
        assertEquals(-1, writer.finish());
    }

    @Test
    void failsOnTooManyCsrcsOrNoRoom() {
        byte[] dst = new byte[16];
        writer.begin(dst, 0, false, false, 96, 1, 2, 3);
        assertFalse(writer.copyCsrcs(new byte[64], 0, 16));
        assertEquals(-1, writer.finish());
        writer.begin(dst, 0, false, false, 96, 1, 2, 3);
        assertFalse(writer.copyCsrcs(new byte[8], 0, 2), "2 CSRCs need 20 bytes, 16 available");
        assertEquals(-1, writer.finish());
    }

    @Test
    void finishWithoutBeginFails() {
        assertEquals(-1, new RtpHeaderWriter().finish());
        byte[] dst = new byte[12];
        writer.begin(dst, 0, false, false, 96, 1, 2, 3);
        assertEquals(12, writer.finish());
        assertEquals(-1, writer.finish(), "a header is finished once");
    }
}
