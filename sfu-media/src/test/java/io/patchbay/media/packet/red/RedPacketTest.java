package io.patchbay.media.packet.red;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.media.packet.Hex;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpParseResult;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RedPacketTest {
    private static final int OPUS = 111;

    /**
     * Laid out as Chrome sends Opus RED ({@code red/48000/2} as PT 63, one redundant block: the previous 20 ms frame),
     * with its audio level and transport-wide sequence number extensions; hand-built, payload bytes shortened.
     */
    private static final String CHROME_RED = """
            90 3F 3A 7C   # V=2 X=1 | M=0 PT=63 (RED) | seq=14972
            9D 3B 1F 60   # timestamp
            2B 5C 7E 91   # SSRC
            BE DE 00 02   # one-byte extensions, 2 words
            10 B2 31 01   # id=1 (audio level) B2 | id=3 len=2 (transport-wide seq) 01 2C
            2C 00 00 00   #   ... and padding
            EF 0F 00 06   # F=1 PT=111 | timestamp offset 960 (20 ms) | length 6
            6F            # F=0 PT=111: the primary
            78 0B E4 C1 36 EC         # redundant: the previous frame
            78 0B E7 C9 28 5A 11      # primary: this frame
            """;

    private final RtpHeader header = new RtpHeader();
    private final RedPacket red = new RedPacket();

    @Test
    void parsesChromeRedWithOneRedundantBlock() {
        byte[] packet = Hex.bytes(CHROME_RED);
        assertEquals(RtpParseResult.OK, header.parse(packet, 0, packet.length));
        assertEquals(RedParseResult.OK, red.parse(header));
        assertEquals(2, red.blockCount());
        assertEquals(1, red.redundantCount());
        assertEquals(OPUS, red.payloadType(0));
        assertEquals(960, red.timestampOffset(0));
        assertEquals(6, red.blockLength(0));
        assertEquals(29, red.blockOffset(0), "after 24 bytes of RTP header and 5 of RED headers");
        assertEquals(1, red.primaryIndex());
        assertEquals(OPUS, red.primaryPayloadType());
        assertEquals(0, red.timestampOffset(1));
        assertEquals(35, red.primaryOffset());
        assertEquals(7, red.primaryLength());
    }

    @Test
    void stripsChromeRedToPlainOpusInPlace() {
        PacketBuffer buffer = load(CHROME_RED);
        header.parse(buffer.data, buffer.offset, buffer.length);
        red.parse(header);
        buffer.length = red.stripToPrimary(header, OPUS);
        assertEquals(Hex.of(Hex.bytes("""
                90 6F 3A 7C   # PT=111, everything else in the header kept
                9D 3B 1F 60  2B 5C 7E 91
                BE DE 00 02  10 B2 31 01  2C 00 00 00
                78 0B E7 C9 28 5A 11      # the primary only
                """)), Hex.of(buffer.data, buffer.offset, buffer.length));
    }

    @Test
    void writesTheRedundantBlockAsAPacketOfItsOwn() {
        byte[] packet = Hex.bytes(CHROME_RED);
        header.parse(packet, 0, packet.length);
        red.parse(header);
        byte[] dst = new byte[64];
        int n = red.writeRedundant(header, 0, OPUS, header.sequenceNumber() - 1, dst, 4);
        assertEquals(Hex.of(Hex.bytes("""
                80 6F 3A 7B   # no extensions, PT=111, seq one before the RED packet's
                9D 3B 1B A0   # timestamp minus 960
                2B 5C 7E 91
                78 0B E4 C1 36 EC
                """)), Hex.of(dst, 4, n));
        assertEquals(-1, red.writeRedundant(header, 1, OPUS, 0, dst, 0), "the primary is not redundant");
        assertEquals(-1, red.writeRedundant(header, 0, OPUS, 0, new byte[17], 0), "no room");
    }

    @Test
    void stripsTwoRedundantBlocksAndPaddingIntoAnotherBuffer() {
        byte[] packet = Hex.bytes("""
                A0 BF 00 10   # P=1 | M=1 PT=63
                00 00 0F 00  00 00 00 07
                EF 1E 00 02   # F=1 PT=111 | offset 1920 | length 2
                EF 0F 00 01   # F=1 PT=111 | offset 960 | length 1
                6F            # primary PT=111
                A1 A2  B1  C1 C2 C3
                00 00 03      # RTP padding (3 bytes), not part of the RED payload
                """);
        header.parse(packet, 0, packet.length);
        assertEquals(RedParseResult.OK, red.parse(header));
        assertEquals(3, red.blockCount());
        assertEquals(1920, red.timestampOffset(0));
        assertEquals(960, red.timestampOffset(1));
        assertEquals(3, red.primaryLength());
        byte[] dst = new byte[40];
        int n = red.writePrimary(header, OPUS, dst, 1);
        assertEquals(Hex.of(Hex.bytes("""
                80 EF 00 10   # P cleared | marker kept, PT=111
                00 00 0F 00  00 00 00 07
                C1 C2 C3
                """)), Hex.of(dst, 1, n));
        assertEquals(Hex.of(Hex.bytes("A0 BF 00 10")), Hex.of(packet, 0, 4), "the RED packet is untouched");
    }

    @Test
    void refusesToStripWithAStaleView() {
        byte[] packet = Hex.bytes(CHROME_RED);
        header.parse(packet, 0, packet.length);
        assertEquals(-1, red.stripToPrimary(header, OPUS), "nothing parsed yet");
        red.parse(new byte[] {0x6F, 1}, 0, 2);
        assertEquals(-1, red.stripToPrimary(header, OPUS), "parsed another payload");
        red.parse(header);
        assertEquals(-1, red.writePrimary(header, OPUS, new byte[30], 0), "no room for 24 + 7 bytes");
    }

    static Stream<Arguments> payloads() {
        return Stream.of(
                Arguments.of("primary only", "6F 01 02 03", RedParseResult.OK, 1),
                Arguments.of("empty primary", "6F", RedParseResult.OK, 1),
                Arguments.of("zero-length blocks", """
                        80 00 00 00   # F=1 PT=0 offset 0 length 0
                        00            # primary PT=0, nothing left
                        """, RedParseResult.OK, 2),
                Arguments.of("largest offset and length", "85 FF FF FF  05" + " 00".repeat(1023),
                        RedParseResult.OK, 2),
                Arguments.of("empty", "", RedParseResult.EMPTY, 0),
                Arguments.of("redundant header cut short", "EF 0F 00", RedParseResult.TRUNCATED_HEADERS, 0),
                Arguments.of("no primary header", "EF 0F 00 06", RedParseResult.TRUNCATED_HEADERS, 0),
                Arguments.of("second header cut short", "EF 0F 00 00  EF 0F", RedParseResult.TRUNCATED_HEADERS, 0),
                Arguments.of("block longer than what follows", """
                        EF 0F 00 06   # length 6
                        6F 01 02      # only 2 bytes after the headers
                        """, RedParseResult.BLOCK_LENGTH_OVERFLOW, 0),
                Arguments.of("second block overflows", """
                        EF 0F 00 01  EF 0F 00 02  6F
                        01 02         # 1 + 2 needed, 2 there
                        """, RedParseResult.BLOCK_LENGTH_OVERFLOW, 0),
                Arguments.of("sixteen redundant blocks", "80 00 00 00 ".repeat(16) + "00",
                        RedParseResult.TOO_MANY_BLOCKS, 0),
                Arguments.of("fifteen redundant blocks is the limit", "80 00 00 00 ".repeat(15) + "00",
                        RedParseResult.OK, 16));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void parsesPayloads(String name, String hex, RedParseResult expected, int blocks) {
        byte[] payload = Hex.bytes(hex);
        assertEquals(expected, red.parse(payload, 0, payload.length));
        assertEquals(blocks, red.blockCount());
        if (expected == RedParseResult.OK) {
            int covered = 4 * red.redundantCount() + 1;
            for (int i = 0; i < red.blockCount(); i++) {
                covered += red.blockLength(i);
            }
            assertEquals(payload.length, covered, "headers and blocks cover the payload exactly");
        }
    }

    @Test
    void reportsBadBoundsInsteadOfThrowing() {
        assertEquals(RedParseResult.BAD_BOUNDS, red.parse(new byte[8], 5, 10));
        assertEquals(RedParseResult.BAD_BOUNDS, red.parse(null, 0, 0));
        assertEquals(RedParseResult.BAD_BOUNDS, red.parse(new byte[8], -1, 2));
    }

    private static PacketBuffer load(String hex) {
        byte[] bytes = Hex.bytes(hex);
        PacketBuffer buffer = new PacketBuffer();
        System.arraycopy(bytes, 0, buffer.data, buffer.offset, bytes.length);
        buffer.length = bytes.length;
        return buffer;
    }
}
