package io.patchbay.media.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.patchbay.media.codec.Vp8ParseResult;
import io.patchbay.media.codec.Vp8PayloadDescriptor;
import io.patchbay.media.codec.Vp8RewriteResult;
import io.patchbay.media.codec.Vp8Rewriter;
import io.patchbay.media.forward.KeyframeDetector;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of {@link Vp8PayloadDescriptor}: the input is an RTP payload. Parsing never throws, gives
 * the same answer for the payload placed between junk bytes (so it reads nothing outside it), agrees with
 * {@link KeyframeDetector#VP8} on key frames, and a descriptor that parses can have its fields written and read back,
 * and be rewritten by a {@link Vp8Rewriter} without changing its layout or the VP8 payload.
 */
class Vp8PayloadDescriptorFuzzTest {
    private final Vp8PayloadDescriptor exact = new Vp8PayloadDescriptor();
    private final Vp8PayloadDescriptor placed = new Vp8PayloadDescriptor();
    private final Vp8Rewriter rewriter = new Vp8Rewriter();

    @FuzzTest(maxDuration = FuzzBudget.CI)
    void descriptor(byte[] input) {
        Vp8ParseResult result = exact.parse(input, 0, input.length);
        Placed p = Placed.of(input);
        assertEquals(result, placed.parse(p.buf, p.off, p.len), "reads only the payload");
        if (result != Vp8ParseResult.OK) {
            return;
        }
        String fields = describe(exact);
        assertEquals(fields, describe(placed), "same fields wherever the payload sits");
        assertTrue(exact.descriptorLength() >= 1 && exact.descriptorLength() <= 6);
        assertTrue(exact.vp8PayloadLength() >= 1);
        assertTrue(exact.width() >= 0 && exact.width() <= 0x3FFF && exact.height() >= 0 && exact.height() <= 0x3FFF);
        if (exact.isKeyframe()) {
            assertTrue(KeyframeDetector.VP8.isKeyframeStart(input, 0, input.length), "the detector sees it too");
        }

        byte[] copy = p.copy();
        int value = input.length * 7919;
        assertEquals(exact.hasPictureId(), Vp8PayloadDescriptor.writePictureId(copy, p.off, value));
        assertEquals(exact.hasTl0PicIdx(), Vp8PayloadDescriptor.writeTl0PicIdx(copy, p.off, value));
        assertEquals(exact.hasKeyIdx(), Vp8PayloadDescriptor.writeKeyIdx(copy, p.off, value));
        assertEquals(Vp8ParseResult.OK, placed.parse(copy, p.off, p.len), "writing keeps the layout");
        if (exact.hasPictureId()) {
            assertEquals(value & (1 << exact.pictureIdBits()) - 1, placed.pictureId());
        }
        if (exact.hasTl0PicIdx()) {
            assertEquals(value & 0xFF, placed.tl0PicIdx());
        }
        if (exact.hasKeyIdx()) {
            assertEquals(value & 0x1F, placed.keyIdx());
        }
        assertEquals(exact.tid(), placed.tid());
        assertEquals(exact.layerSync(), placed.layerSync());
        assertEquals(exact.descriptorLength(), placed.descriptorLength());
        assertTrue(p.unchangedOutside(copy, exact.descriptorLength()), "nothing written outside the descriptor");

        if (input.length % 3 == 0) {
            rewriter.rebase();
        }
        if (rewriter.rewrite(exact) == Vp8RewriteResult.FORWARD) {
            byte[] out = Arrays.copyOf(input, input.length);
            rewriter.writeTo(out, 0);
            assertEquals(Vp8ParseResult.OK, placed.parse(out, 0, out.length), "rewriting keeps the layout");
            assertEquals(rewriter.pictureId(), placed.pictureId());
            assertEquals(rewriter.tl0PicIdx(), placed.tl0PicIdx());
            assertEquals(rewriter.keyIdx(), placed.keyIdx());
        }
    }

    private static String describe(Vp8PayloadDescriptor d) {
        return d.descriptorLength() + " " + d.nonReference() + " " + d.startOfPartition() + " " + d.partitionIndex()
                + " " + d.pictureId() + "/" + d.pictureIdBits() + " " + d.tl0PicIdx() + " " + d.hasTid() + " "
                + d.tid() + " " + d.layerSync() + " " + d.keyIdx() + " " + d.isKeyframe() + " " + d.width() + "x"
                + d.height() + " " + d.vp8PayloadLength();
    }
}
