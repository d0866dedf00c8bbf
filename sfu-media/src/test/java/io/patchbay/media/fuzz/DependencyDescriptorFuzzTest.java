package io.patchbay.media.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.patchbay.media.codec.DependencyDescriptor;
import io.patchbay.media.codec.DependencyParseResult;
import io.patchbay.media.codec.DependencyStructure;
import io.patchbay.media.packet.Hex;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of {@link DependencyDescriptor}: the input is parsed as a header extension element's data
 * with no structure known yet and against Chrome's L3T3_KEY structure, and split in two (at a length its first byte
 * picks) into a first element, whose structure is adopted when it parses, and a second one parsed against it. Parsing
 * never throws, gives the same answer for the element placed between junk bytes, never writes the current structure,
 * and what it reports stays within the syntax's ranges; a structure that parsed is read the same again once adopted.
 */
class DependencyDescriptorFuzzTest {
    /**
     * An L3T3_KEY key picture's first packet as {@code DependencyDescriptorTest} writes it: libwebrtc's structure,
     * template id offset 60, resolutions 320x180 to 1280x720, active decode targets of spatial layers 0 and 1.
     */
    private static final byte[] L3T3_KEY_FRAME = Hex.bytes("""
            FC 00 00 C7 88 14 85 21 4E AA AA A8 00 06 00 00 40 00 10 00 02 AA 80 A8 00 06 00 00 40 00 10 00
            02 A0 00 A8 00 06 00 00 40 00 16 D5 49 24 1B 55 24 90 6D 54 92 31 57 E0 01 97 4C A8 64 33 0E 22
            23 96 EC A8 65 53 04 22 43 90 EC A8 77 53 01 3F 00 B3 02 7F 01 67 04 FF 02 CF 1F 80
            """);

    private final DependencyDescriptor exact = new DependencyDescriptor();
    private final DependencyDescriptor placed = new DependencyDescriptor();
    private final DependencyStructure none = new DependencyStructure();
    private final DependencyStructure l3t3 = new DependencyStructure();
    private final String l3t3Fields;
    private final DependencyStructure current = new DependencyStructure();
    private final DependencyStructure scratch = new DependencyStructure();
    private final DependencyStructure placedScratch = new DependencyStructure();
    private final DependencyStructure adopted = new DependencyStructure();

    DependencyDescriptorFuzzTest() {
        DependencyParseResult key = exact.parse(L3T3_KEY_FRAME, 0, L3T3_KEY_FRAME.length, null, l3t3);
        if (key != DependencyParseResult.OK || l3t3.templateCount() != 15) {
            throw new IllegalStateException("the L3T3_KEY key frame does not parse: " + key);
        }
        l3t3Fields = describe(l3t3);
    }

    @FuzzTest(maxDuration = FuzzBudget.CI)
    void descriptor(byte[] input) {
        check(input, 0, input.length, none);
        check(input, 0, input.length, l3t3);
        if (input.length > DependencyDescriptor.MANDATORY_LENGTH && (input[3] & 0x80) != 0) {
            assertEquals(l3t3Fields, describe(l3t3), "a structure read never lands in the current one");
        }
        assertTrue(none.isEmpty());

        if (input.length < 2) {
            return;
        }
        int split = 1 + (input[0] & 0xFF) % (input.length - 1);
        current.clear();
        if (check(input, 1, split - 1, current) == DependencyParseResult.OK && exact.hasStructure()) {
            current.copyFrom(scratch);
            assertEquals(describe(scratch), describe(current), "copyFrom copies every field");
        }
        check(input, split, input.length - split, current);
    }

    /** Parses {@code input[off, off + len)} against {@code structure} where it is and between junk bytes. */
    private DependencyParseResult check(byte[] input, int off, int len, DependencyStructure structure) {
        byte[] element = Arrays.copyOfRange(input, off, off + len);
        DependencyParseResult result = exact.parse(input, off, len, structure, scratch);
        Placed p = Placed.of(element);
        assertEquals(result, placed.parse(p.buf, p.off, p.len, structure, placedScratch), "reads only the element");
        if (result != DependencyParseResult.OK) {
            return result;
        }
        assertEquals(describe(exact), describe(placed), "same fields wherever the element sits");
        assertWithinRanges(exact);
        if (exact.hasStructure()) {
            assertEquals(describe(scratch), describe(placedScratch));
            assertWithinRanges(scratch);
            String fields = describe(exact);
            adopted.copyFrom(scratch);
            assertEquals(result, placed.parse(element, 0, len, adopted, placedScratch), "again, once adopted");
            assertEquals(fields, describe(placed));
        }
        return result;
    }

    private static void assertWithinRanges(DependencyDescriptor d) {
        assertTrue(d.length() >= DependencyDescriptor.MANDATORY_LENGTH
                && d.length() <= DependencyDescriptor.MAX_LENGTH);
        assertTrue(d.templateId() >= 0 && d.templateId() < DependencyStructure.MAX_TEMPLATES);
        assertTrue(d.frameNumber() >= 0 && d.frameNumber() <= 0xFFFF);
        assertTrue(d.spatialId() >= 0 && d.spatialId() <= DependencyStructure.MAX_SPATIAL_ID);
        assertTrue(d.temporalId() >= 0 && d.temporalId() <= DependencyStructure.MAX_TEMPORAL_ID);
        assertTrue(d.decodeTargetCount() >= 1 && d.decodeTargetCount() <= DependencyStructure.MAX_DECODE_TARGETS);
        assertTrue(d.chainCount() >= 0 && d.chainCount() <= d.decodeTargetCount());
        for (int i = 0; i < d.fdiffCount(); i++) {
            assertTrue(d.fdiff(i) >= 1 && d.fdiff(i) <= (d.hasCustomFdiffs() ? 4096 : 16));
        }
        for (int c = 0; c < d.chainCount(); c++) {
            assertTrue(d.chainDiff(c) >= 0 && d.chainDiff(c) <= (d.hasCustomChains() ? 255 : 15));
        }
        assertFalse(d.hasActiveDecodeTargets() && d.decodeTargetCount() < 32
                && d.activeDecodeTargetsMask() >>> d.decodeTargetCount() != 0, "no bits beyond the decode targets");
    }

    private static void assertWithinRanges(DependencyStructure s) {
        assertTrue(s.templateCount() >= 1 && s.templateCount() <= DependencyStructure.MAX_TEMPLATES);
        assertTrue(s.spatialLayerCount() >= 1 && s.spatialLayerCount() <= DependencyStructure.MAX_SPATIAL_ID + 1);
        assertTrue(s.temporalLayerCount() >= 1 && s.temporalLayerCount() <= DependencyStructure.MAX_TEMPORAL_ID + 1);
        for (int dt = 0; dt < s.decodeTargetCount(); dt++) {
            assertTrue(s.decodeTargetSpatialId(dt) < s.spatialLayerCount());
            assertTrue(s.decodeTargetTemporalId(dt) < s.temporalLayerCount());
            assertTrue(s.decodeTargetProtectedBy(dt) < s.chainCount());
        }
        for (int t = 0; t < s.templateCount(); t++) {
            assertTrue(s.templateSpatialId(t) >= (t == 0 ? 0 : s.templateSpatialId(t - 1)), "in layer order");
            assertEquals(t, s.templateIndex((s.templateIdOffset() + t) % DependencyStructure.MAX_TEMPLATES));
        }
    }

    private static String describe(DependencyDescriptor d) {
        StringBuilder sb = new StringBuilder().append(d.length()).append(' ').append(d.startOfFrame())
                .append(d.endOfFrame()).append(' ').append(d.templateId()).append(' ').append(d.frameNumber())
                .append(' ').append(d.hasStructure()).append(d.hasActiveDecodeTargets()).append(' ')
                .append(d.activeDecodeTargetsMask()).append(' ').append(d.hasCustomDtis()).append(d.hasCustomFdiffs())
                .append(d.hasCustomChains()).append(" s").append(d.spatialId()).append('t').append(d.temporalId())
                .append(" dtis ");
        for (int dt = 0; dt < d.decodeTargetCount(); dt++) {
            sb.append(d.decodeTargetIndication(dt));
        }
        sb.append(" fdiffs");
        for (int i = 0; i < d.fdiffCount(); i++) {
            sb.append(' ').append(d.fdiff(i));
        }
        sb.append(" chains");
        for (int c = 0; c < d.chainCount(); c++) {
            sb.append(' ').append(d.chainDiff(c));
        }
        return sb.toString();
    }

    private static String describe(DependencyStructure s) {
        StringBuilder sb = new StringBuilder().append(s.templateIdOffset()).append(' ').append(s.templateCount())
                .append(' ').append(s.decodeTargetCount()).append(' ').append(s.chainCount()).append(' ')
                .append(s.spatialLayerCount()).append(s.temporalLayerCount()).append(" res");
        for (int sid = 0; sid < s.spatialLayerCount(); sid++) {
            sb.append(' ').append(s.renderWidth(sid)).append('x').append(s.renderHeight(sid));
        }
        for (int dt = 0; dt < s.decodeTargetCount(); dt++) {
            sb.append(" dt").append(s.decodeTargetProtectedBy(dt)).append(s.decodeTargetSpatialId(dt))
                    .append(s.decodeTargetTemporalId(dt));
        }
        for (int t = 0; t < s.templateCount(); t++) {
            sb.append(" | s").append(s.templateSpatialId(t)).append('t').append(s.templateTemporalId(t)).append(' ');
            for (int dt = 0; dt < s.decodeTargetCount(); dt++) {
                sb.append(s.templateDti(t, dt));
            }
            for (int i = 0; i < s.templateFdiffCount(t); i++) {
                sb.append(' ').append(s.templateFdiff(t, i));
            }
            sb.append(" c");
            for (int c = 0; c < s.chainCount(); c++) {
                sb.append(' ').append(s.templateChainFdiff(t, c));
            }
        }
        return sb.toString();
    }
}
