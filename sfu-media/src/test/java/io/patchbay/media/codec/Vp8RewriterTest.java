package io.patchbay.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.media.packet.Hex;
import org.junit.jupiter.api.Test;

/**
 * Scripts of packets through one {@link Vp8Rewriter}: each step is a source packet's PictureID (with its width),
 * TL0PICIDX and KEYIDX, and the values the subscriber must see. The long randomized run is in
 * {@link Vp8RewriterSimulationTest}.
 */
class Vp8RewriterTest {
    private final Vp8Rewriter rewriter = new Vp8Rewriter();
    private final Vp8PayloadDescriptor d = new Vp8PayloadDescriptor();

    @Test
    void firstRunPassesTheSourceValuesThrough() {
        expect(packet(15, 1000, 7, 3), "pic=1000/15 tl0=7 keyidx=3");
        expect(packet(15, 1001, 8, 3), "pic=1001/15 tl0=8 keyidx=3");
    }

    @Test
    void switchContinuesRightAfterTheLastPictureTl0AndKeyIdx() {
        expect(packet(15, 100, 50, 4), "pic=100/15 tl0=50 keyidx=4");
        expect(packet(15, 101, 50, 4), "pic=101/15 tl0=50 keyidx=4");
        rewriter.rebase();
        expect(packet(15, 20000, 9, 17), "pic=102/15 tl0=51 keyidx=5");
        expect(packet(15, 20000, 9, 17), "pic=102/15 tl0=51 keyidx=5");
        expect(packet(15, 20001, 9, 17), "pic=103/15 tl0=51 keyidx=5");
        expect(packet(15, 20003, 10, 17), "pic=105/15 tl0=52 keyidx=5"); // 20002 lost: the gap stays
    }

    @Test
    void aLatePictureOfTheRunMapsToTheSameIdAsBefore() {
        expect(packet(15, 500, 1, 0), "pic=500/15 tl0=1 keyidx=0");
        rewriter.rebase();
        expect(packet(15, 7000, 40, 0), "pic=501/15 tl0=2 keyidx=1");
        expect(packet(15, 7002, 41, 0), "pic=503/15 tl0=3 keyidx=1");
        expect(packet(15, 7001, 40, 0), "pic=502/15 tl0=2 keyidx=1");
        expect(packet(15, 7003, 41, 0), "pic=504/15 tl0=3 keyidx=1");
    }

    @Test
    void aPictureOlderThanTheRunsFirstIsDroppedAndChangesNothing() {
        expect(packet(15, 500, 1, 0), "pic=500/15 tl0=1 keyidx=0");
        rewriter.rebase();
        expect(packet(15, 7000, 40, 0), "pic=501/15 tl0=2 keyidx=1");
        assertEquals(Vp8RewriteResult.DROP_BEFORE_RUN_START, rewriter.rewrite(parse(packet(15, 6999, 39, 0))));
        expect(packet(15, 7001, 40, 0), "pic=502/15 tl0=2 keyidx=1");
    }

    @Test
    void wrapsAt2To15And256And32() {
        expect(packet(15, 0x7FFE, 0xFF, 31), "pic=32766/15 tl0=255 keyidx=31");
        expect(packet(15, 0x7FFF, 0xFF, 31), "pic=32767/15 tl0=255 keyidx=31");
        rewriter.rebase();
        expect(packet(15, 12, 3, 8), "pic=0/15 tl0=0 keyidx=0");
        expect(packet(15, 13, 4, 8), "pic=1/15 tl0=1 keyidx=0");
    }

    @Test
    void sourceWrapsInsideARunAreFollowed() {
        expect(packet(15, 0x7FFF, 1, 0), "pic=32767/15 tl0=1 keyidx=0");
        expect(packet(15, 0, 1, 0), "pic=0/15 tl0=1 keyidx=0");
        rewriter.rebase();
        expect(packet(7, 126, 255, 0), "pic=1/7 tl0=2 keyidx=1");
        expect(packet(7, 127, 0, 0), "pic=2/7 tl0=3 keyidx=1");
        expect(packet(7, 0, 0, 0), "pic=3/7 tl0=3 keyidx=1");
        expect(packet(7, 126, 255, 0), "pic=1/7 tl0=2 keyidx=1"); // late, from before the source's wrap
    }

    @Test
    void a7BitSourceIsWrittenBackAs7BitsAndWrapsAt128() {
        expect(packet(7, 125, 0, 0), "pic=125/7 tl0=0 keyidx=0");
        expect(packet(7, 126, 0, 0), "pic=126/7 tl0=0 keyidx=0");
        expect(packet(7, 127, 0, 0), "pic=127/7 tl0=0 keyidx=0");
        expect(packet(7, 0, 0, 0), "pic=0/7 tl0=0 keyidx=0");
    }

    @Test
    void widthChangesBetweenRunsKeepTheLow7BitsContinuous() {
        expect(packet(15, 300, 0, 0), "pic=300/15 tl0=0 keyidx=0");
        rewriter.rebase();
        expect(packet(7, 90, 0, 0), "pic=45/7 tl0=1 keyidx=1"); // 301 = 0x12D: low 7 bits 45
        expect(packet(7, 91, 0, 0), "pic=46/7 tl0=1 keyidx=1");
        rewriter.rebase();
        expect(packet(15, 9000, 0, 0), "pic=303/15 tl0=2 keyidx=2");
    }

    @Test
    void aWidthChangeInsideARunStartsANewRunAtThatPacket() {
        expect(packet(15, 300, 0, 0), "pic=300/15 tl0=0 keyidx=0");
        expect(packet(7, 5, 0, 0), "pic=45/7 tl0=0 keyidx=0");
        expect(packet(7, 6, 0, 0), "pic=46/7 tl0=0 keyidx=0");
    }

    @Test
    void fieldsAFirstPacketLacksStartTheirRunWhenTheyAppear() {
        expect(packet(15, 10, 20, 30), "pic=10/15 tl0=20 keyidx=30");
        rewriter.rebase();
        expect("90 80 85 00 51", "pic=11/15");
        expect(packet(15, 0x501, 77, 2), "pic=12/15 tl0=21 keyidx=31");
    }

    @Test
    void packetsWithoutAnyFieldsPassUntouched() {
        expect("10 51", "");
        assertEquals(-1, rewriter.pictureId());
        assertEquals(0, rewriter.pictureIdBits());
        assertEquals(-1, rewriter.tl0PicIdx());
        assertEquals(-1, rewriter.keyIdx());
    }

    @Test
    void writesIntoACopyOfThePayloadAndNothingElse() {
        expect(packet(15, 100, 50, 4), "pic=100/15 tl0=50 keyidx=4");
        rewriter.rebase();
        byte[] source = Hex.bytes("90 F0 A7 10 20 A3 51 2C 00");
        assertEquals(Vp8RewriteResult.FORWARD, rewriter.rewrite(parse(source)));
        byte[] copy = new byte[source.length + 8];
        System.arraycopy(source, 0, copy, 8, source.length);
        rewriter.writeTo(copy, 8);
        assertEquals("90 F0 A7 10  20 A3 51 2C  00", Hex.of(source), "the source is not touched");
        assertEquals("90 F0 80 65  33 A5 51 2C  00", Hex.of(copy, 8, source.length),
                "PictureID 101, TL0PICIDX 51, TID 2 and Y kept with KEYIDX 5");
    }

    /** A descriptor with X, S, PID 0 and the fields I, L, T, K; then one byte of an inter frame. */
    private static String packet(int bits, int pictureId, int tl0PicIdx, int keyIdx) {
        String id = bits == 15
                ? String.format("%02X %02X", 0x80 | pictureId >>> 8, pictureId & 0xFF)
                : String.format("%02X", pictureId);
        return String.format("90 F0 %s %02X %02X 51", id, tl0PicIdx, 0x40 | keyIdx);
    }

    private Vp8PayloadDescriptor parse(String hex) {
        return parse(Hex.bytes(hex));
    }

    private Vp8PayloadDescriptor parse(byte[] payload) {
        assertEquals(Vp8ParseResult.OK, d.parse(payload, 0, payload.length), Hex.of(payload));
        return d;
    }

    /** Forwards the packet, writes its output values back into it, and compares what a receiver would parse. */
    private void expect(String hex, String expected) {
        byte[] payload = Hex.bytes(hex);
        assertEquals(Vp8RewriteResult.FORWARD, rewriter.rewrite(parse(payload)));
        rewriter.writeTo(payload, 0);
        parse(payload);
        StringBuilder sb = new StringBuilder();
        if (d.hasPictureId()) sb.append(" pic=").append(d.pictureId()).append('/').append(d.pictureIdBits());
        if (d.hasTl0PicIdx()) sb.append(" tl0=").append(d.tl0PicIdx());
        if (d.hasKeyIdx()) sb.append(" keyidx=").append(d.keyIdx());
        assertEquals(expected, sb.toString().trim());
        assertEquals(d.pictureId(), rewriter.pictureId());
        assertEquals(d.tl0PicIdx(), rewriter.tl0PicIdx());
        assertEquals(d.keyIdx(), rewriter.keyIdx());
    }
}
