package io.patchbay.media.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.patchbay.media.codec.Vp9ParseResult;
import io.patchbay.media.codec.Vp9PayloadDescriptor;
import io.patchbay.media.forward.KeyframeDetector;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of {@link Vp9PayloadDescriptor}: the input is an RTP payload, parsed whole and from an
 * offset its first byte picks. Parsing never throws, gives the same answer for the payload placed between junk bytes
 * (so it reads nothing outside it), stays within the payload on success, agrees with {@link KeyframeDetector#VP9} on
 * key pictures, and a descriptor that parses can have its PICTURE ID and TL0PICIDX written and read back without
 * changing its layout or anything outside those fields.
 */
class Vp9PayloadDescriptorFuzzTest {
    private final Vp9PayloadDescriptor exact = new Vp9PayloadDescriptor();
    private final Vp9PayloadDescriptor placed = new Vp9PayloadDescriptor();

    @FuzzTest(maxDuration = FuzzBudget.CI)
    void descriptor(byte[] input) {
        int off = input.length == 0 ? 0 : (input[0] & 0xFF) % input.length;
        Vp9ParseResult inside = placed.parse(input, off, input.length - off);
        assertEquals(inside, exact.parse(Arrays.copyOfRange(input, off, input.length), 0, input.length - off),
                "a payload at an offset parses as it does alone");
        if (inside == Vp9ParseResult.OK) {
            assertEquals(describe(exact), describe(placed), "same fields at an offset");
        }

        Vp9ParseResult result = exact.parse(input, 0, input.length);
        Placed p = Placed.of(input);
        assertEquals(result, placed.parse(p.buf, p.off, p.len), "reads only the payload");
        if (result != Vp9ParseResult.OK) {
            return;
        }
        assertEquals(describe(exact), describe(placed), "same fields wherever the payload sits");
        assertTrue(exact.descriptorLength() >= 1 && exact.descriptorLength() <= input.length);
        assertTrue(exact.descriptorLength() <= Vp9PayloadDescriptor.MAX_DESCRIPTOR_LENGTH);
        assertTrue(exact.vp9PayloadLength() >= 1);
        assertTrue(exact.referenceCount() <= Vp9PayloadDescriptor.MAX_REFERENCES);
        assertTrue(exact.spatialLayerCount() <= Vp9PayloadDescriptor.MAX_SPATIAL_LAYERS);
        if (exact.keyframe()) {
            assertTrue(KeyframeDetector.VP9.isKeyframeStart(input, 0, input.length), "the detector sees it too");
        }

        byte[] copy = p.copy();
        int value = input.length * 7919;
        assertEquals(exact.hasPictureId(), Vp9PayloadDescriptor.writePictureId(copy, p.off, value));
        assertEquals(exact.hasTl0PicIdx(), Vp9PayloadDescriptor.writeTl0PicIdx(copy, p.off, value));
        assertEquals(Vp9ParseResult.OK, placed.parse(copy, p.off, p.len), "writing keeps the layout");
        assertEquals(layout(exact), layout(placed));
        if (exact.hasPictureId()) {
            assertEquals(value & (1 << exact.pictureIdBits()) - 1, placed.pictureId());
        }
        if (exact.hasTl0PicIdx()) {
            assertEquals(value & 0xFF, placed.tl0PicIdx());
        }
        assertTrue(p.unchangedOutside(copy, exact.descriptorLength()), "nothing written outside the descriptor");
    }

    private static String describe(Vp9PayloadDescriptor d) {
        return d.pictureId() + " " + d.tl0PicIdx() + " " + layout(d);
    }

    /** Every field but the two the writers change. */
    private static String layout(Vp9PayloadDescriptor d) {
        StringBuilder sb = new StringBuilder().append(d.descriptorLength()).append(' ').append(d.pictureIdBits())
                .append(' ').append(d.hasTl0PicIdx()).append(' ').append(d.interPicturePredicted())
                .append(d.flexibleMode()).append(d.startOfLayerFrame()).append(d.endOfLayerFrame())
                .append(d.hasScalabilityStructure()).append(d.notReferenceForUpperSpatial())
                .append(d.hasLayerIndices()).append(' ').append(d.temporalId()).append(d.switchingUpPoint())
                .append(d.spatialId()).append(d.interLayerDependency()).append(' ').append(d.keyframe())
                .append(' ').append(d.vp9PayloadLength()).append(" refs");
        for (int i = 0; i < d.referenceCount(); i++) {
            sb.append(' ').append(d.pDiff(i));
        }
        sb.append(" ss ").append(d.spatialLayerCount()).append(d.hasLayerResolutions());
        for (int sid = 0; sid < d.spatialLayerCount(); sid++) {
            sb.append(' ').append(d.width(sid)).append('x').append(d.height(sid));
        }
        return sb.toString();
    }
}
