package io.patchbay.media.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.media.packet.Hex;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.packet.RtpParseResult;
import io.patchbay.media.stream.RtxPacketizer.UnwrapResult;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RtxPacketizerTest {
    private static final long SSRC = 0x11223344L;
    private static final int PT = 96;
    private static final long RTX_SSRC = 0x55667788L;
    private static final int RTX_PT = 97;

    private static final String ORIGINAL = """
            90 E0 12 34   # V=2 X=1 | M=1 PT=96 | seq=0x1234
            00 01 5F 90   # timestamp 90000
            11 22 33 44   # SSRC
            BE DE 00 01   # one-byte extensions, 1 word
            10 AB 00 00   # id=1 len=1 AB, padding
            DE AD BE EF 01   # payload
            """;
    private static final String RTX = """
            90 E1 00 07   # marker kept | PT=97 (RTX) | RTX seq=7
            00 01 5F 90   # same timestamp
            55 66 77 88   # RTX SSRC
            BE DE 00 01
            10 AB 00 00   # extensions kept
            12 34         # OSN: the original sequence number
            DE AD BE EF 01   # original payload
            """;

    private final RtpHeader view = new RtpHeader();

    static Stream<Arguments> wraps() {
        return Stream.of(
                Arguments.of("header extension and marker", ORIGINAL, RTX),
                Arguments.of("padding is dropped", """
                        B0 60 FF FF   # P=1 X=1 | M=0 PT=96 | seq=65535
                        00 00 00 01  11 22 33 44
                        BE DE 00 01  10 AB 00 00
                        CA FE         # payload
                        00 00 03      # 3 bytes of padding
                        """, """
                        90 61 00 07   # P cleared | PT=97
                        00 00 00 01  55 66 77 88
                        BE DE 00 01  10 AB 00 00
                        FF FF         # OSN=65535
                        CA FE
                        """),
                Arguments.of("CSRCs kept", """
                        81 60 00 02   # CC=1
                        00 00 00 01  11 22 33 44
                        AA BB CC DD   # CSRC
                        01
                        """, """
                        81 61 00 07
                        00 00 00 01  55 66 77 88
                        AA BB CC DD
                        00 02  01
                        """),
                Arguments.of("empty payload", """
                        80 60 00 09  00 00 00 01  11 22 33 44
                        """, """
                        80 61 00 07  00 00 00 01  55 66 77 88
                        00 09         # OSN only
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wraps")
    void wrapsIntoAnotherArray(String name, String originalHex, String rtxHex) {
        byte[] original = Hex.bytes(originalHex);
        assertEquals(RtpParseResult.OK, view.parse(original, 0, original.length));
        byte[] dst = new byte[200];
        int n = RtxPacketizer.wrap(view, dst, 3, RTX_SSRC, RTX_PT, 7);
        assertEquals(Hex.of(Hex.bytes(rtxHex)), Hex.of(dst, 3, Math.max(n, 0)));
    }

    @Test
    void writerPathMatchesTheOneShotWrap() {
        byte[] original = Hex.bytes(ORIGINAL);
        view.parse(original, 0, original.length);
        byte[] dst = new byte[PacketBuffer.CAPACITY];
        RtpHeaderWriter writer = new RtpHeaderWriter();
        writer.begin(dst, PacketBuffer.HEADROOM, false, view.marker(), RTX_PT, 7, view.timestamp(), RTX_SSRC);
        int level = view.findExtension(1);
        writer.addElement(1, original, level, view.foundExtensionLength());
        int headerLength = writer.finish();
        int n = RtxPacketizer.writeOsnAndPayload(dst, PacketBuffer.HEADROOM + headerLength, view.sequenceNumber(),
                original, view.payloadOffset(), view.payloadLength());
        assertEquals(Hex.of(Hex.bytes(RTX)), Hex.of(dst, PacketBuffer.HEADROOM, headerLength + n));
    }

    @Test
    void roundTripInPlaceIsByteExact() {
        byte[] original = Hex.bytes(ORIGINAL);
        PacketBuffer buffer = new PacketBuffer();
        System.arraycopy(original, 0, buffer.data, buffer.offset, original.length);
        buffer.length = original.length;

        view.parse(buffer.data, buffer.offset, buffer.length);
        buffer.length = RtxPacketizer.wrap(view, buffer.data, buffer.offset, RTX_SSRC, RTX_PT, 7);
        assertEquals(Hex.of(Hex.bytes(RTX)), Hex.of(buffer.data, buffer.offset, buffer.length));

        assertEquals(UnwrapResult.OK, RtxPacketizer.unwrap(buffer, view, SSRC, PT));
        assertEquals(Hex.of(original), Hex.of(buffer.data, buffer.offset, buffer.length));
        assertEquals(0x1234, view.sequenceNumber(), "the view describes the unwrapped packet");
        assertEquals(SSRC, view.ssrc());
        assertEquals(PT, view.payloadType());
        assertEquals(5, view.payloadLength());
    }

    @ParameterizedTest(name = "destination {0} bytes from the source in the same array")
    @ValueSource(ints = {-40, -21, -3, -2, -1, 1, 2, 3, 21, 40})
    void wrapsBetweenOverlappingRegions(int shift) {
        byte[] original = Hex.bytes(ORIGINAL);
        byte[] arena = new byte[200];
        int srcOff = 60;
        System.arraycopy(original, 0, arena, srcOff, original.length);
        view.parse(arena, srcOff, original.length);
        int n = RtxPacketizer.wrap(view, arena, srcOff + shift, RTX_SSRC, RTX_PT, 7);
        assertEquals(Hex.of(Hex.bytes(RTX)), Hex.of(arena, srcOff + shift, n));
    }

    @Test
    void refusesWhenTheDestinationIsTooSmall() {
        byte[] original = Hex.bytes(ORIGINAL);
        view.parse(original, 0, original.length);
        int rtxLength = Hex.bytes(RTX).length;
        assertEquals(-1, RtxPacketizer.wrap(view, new byte[rtxLength - 1], 0, RTX_SSRC, RTX_PT, 7));
        assertEquals(rtxLength, RtxPacketizer.wrap(view, new byte[rtxLength], 0, RTX_SSRC, RTX_PT, 7));
        assertEquals(-1, RtxPacketizer.writeOsnAndPayload(new byte[6], 0, 1, original, 20, 5));
        assertEquals(-1, RtxPacketizer.writeOsnAndPayload(new byte[100], 0, 1, original, 20, 6), "source too short");
    }

    static Stream<Arguments> unwraps() {
        return Stream.of(
                Arguments.of("RTX with extensions", RTX, UnwrapResult.OK, ORIGINAL),
                Arguments.of("padding stays valid", """
                        B0 E1 00 07   # P=1 X=1 | M=1 PT=97
                        00 01 5F 90  55 66 77 88
                        BE DE 00 01  10 AB 00 00
                        12 34         # OSN
                        DE AD         # payload
                        00 00 03      # padding
                        """, UnwrapResult.OK, """
                        B0 E0 12 34   # PT=96, seq=OSN
                        00 01 5F 90  11 22 33 44
                        BE DE 00 01  10 AB 00 00
                        DE AD
                        00 00 03      # padding moved with the payload
                        """),
                Arguments.of("OSN only: an empty original payload", """
                        80 61 00 08  00 00 00 01  55 66 77 88
                        00 05
                        """, UnwrapResult.OK, """
                        80 60 00 05  00 00 00 01  11 22 33 44
                        """),
                Arguments.of("padding-only probe", """
                        A0 61 00 08  00 00 00 01  55 66 77 88
                        00 00 00 04   # 4 bytes of padding, no payload
                        """, UnwrapResult.PADDING_ONLY, null),
                Arguments.of("one payload byte: no room for the OSN", """
                        80 61 00 08  00 00 00 01  55 66 77 88
                        12
                        """, UnwrapResult.TOO_SHORT, null),
                Arguments.of("not RTP", "80 61 00 08  00 00", UnwrapResult.MALFORMED, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unwraps")
    void unwrapsInPlace(String name, String rtxHex, UnwrapResult expected, String originalHex) {
        byte[] rtx = Hex.bytes(rtxHex);
        PacketBuffer buffer = new PacketBuffer();
        System.arraycopy(rtx, 0, buffer.data, buffer.offset, rtx.length);
        buffer.length = rtx.length;
        assertEquals(expected, RtxPacketizer.unwrap(buffer, view, SSRC, PT));
        if (originalHex != null) {
            assertEquals(Hex.of(Hex.bytes(originalHex)), Hex.of(buffer.data, buffer.offset, buffer.length));
        } else {
            assertEquals(Hex.of(rtx), Hex.of(buffer.data, buffer.offset, buffer.length), "refused: untouched");
        }
    }
}
