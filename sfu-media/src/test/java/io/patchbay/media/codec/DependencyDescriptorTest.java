package io.patchbay.media.codec;

import static io.patchbay.media.codec.DependencyDescriptorWriter.L1T3;
import static io.patchbay.media.codec.DependencyDescriptorWriter.L3T3_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.codec.DependencyDescriptorWriter.Bits;
import io.patchbay.media.codec.DependencyDescriptorWriter.Structure;
import io.patchbay.media.codec.DependencyDescriptorWriter.Template;
import io.patchbay.media.packet.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Descriptors written field by field after the syntax of the AV1 RTP payload format v1.0.0, appendix A.8.2 (by
 * {@link DependencyDescriptorWriter}, and one by hand), parsed back; structures from the spec's L1T3 example and
 * libwebrtc's L3T3_KEY.
 */
class DependencyDescriptorTest {
    /** Frame 1, the key frame of an L1T3 stream, with the spec's L1T3 structure (A.10.2.1), written out by hand. */
    static final String L1T3_KEY_FRAME = """
            C0 00 01  # start_of_frame 1, end_of_frame 1, template id 0; frame_number 1
            80        # 1 structure present, 0 no active decode targets, 0 0 0 no custom DTIs, fdiffs, chains;
                      # 000 template_id_offset (6 bits: 000 000) ...
            02        # ... 000, dt_cnt_minus_one 00010: 3 decode targets
            14        # next_layer_idc 00 (template 1: S0T0), 01 (2: S0T1), 01 (3: S0T2), 00 (4: S0T2) ...
            EA        # ... 11 (no more templates); DTIs of template 0: 10 10 10 (S S S)
            AA        # template 1: 10 10 10 (S S S); template 2: 10 ...
            44        # ... 01 00 (S D -); template 3: 01 00 ...
            10        # ... 00 (D - -); template 4: 01 00 00 (D - -)
            4D        # fdiffs: template 0: 0 (none); template 1: 1 0011 0 (4); template 2: 1 ...
            14        # ... 0001 0 (2); template 3: 1 00 ...
            10        # ... 00 0 (1); template 4: 1 0000 ...
            20        # ... 0 (1); chain_cnt ns(4) 01: 1 chain (decode_target_protected_by are ns(1), no bits);
                      # template chain diffs 0000 (template 0: 0), 0 ...
            84        # ... 100 (template 1: 4), 0010 (template 2: 2), 0 ...
            26        # ... 001 (template 3: 1), 0011 (template 4: 3); resolutions_present_flag 0
            """;

    private final DependencyDescriptor d = new DependencyDescriptor();
    private final DependencyStructure current = new DependencyStructure();
    private final DependencyStructure scratch = new DependencyStructure();

    @Test
    void parsesTheHandWrittenL1T3KeyFrame() {
        byte[] dd = Hex.bytes(L1T3_KEY_FRAME);
        assertEquals(Hex.of(dd), Hex.of(new DependencyDescriptorWriter().frame(true, true, 0, 1).structure(L1T3)
                .bytes()), "the writer agrees with the hand-written bits");

        assertEquals(DependencyParseResult.OK, parse(dd));
        assertEquals(describe(L1T3), describe(scratch));
        assertEquals("S E id=0 frame=1 s0t0 dtis=SSS fdiffs= chains=0 structure active=111", describe(d));
        assertEquals(16, d.length());
        assertEquals(List.of(1, 3), List.of(scratch.spatialLayerCount(), scratch.temporalLayerCount()));
        assertEquals(List.of("0,2", "0,1", "0,0"), decodeTargetLayers(scratch), "30, 15 and 7.5 fps");
        assertEquals(List.of(0, 0, 0), List.of(scratch.decodeTargetProtectedBy(0), scratch.decodeTargetProtectedBy(1),
                scratch.decodeTargetProtectedBy(2)));
        assertFalse(scratch.hasResolutions());
        assertTrue(current.isEmpty(), "the caller adopts the structure, parse does not");
    }

    @Test
    void l1t3DeltaFramesOfThreeBytesReferToTheTemplatesById() {
        receive(Hex.bytes(L1T3_KEY_FRAME));
        for (int t = 1; t < L1T3.templates().size(); t++) {
            byte[] dd = new DependencyDescriptorWriter().frame(true, false, t, 1 + t).bytes();
            assertEquals(3, dd.length);
            assertEquals(DependencyParseResult.OK, parse(dd));
            assertEquals("S id=" + t + " frame=" + (1 + t) + " " + describe(L1T3.templates().get(t)), describe(d));
            assertFalse(d.hasStructure());
            assertFalse(d.hasActiveDecodeTargets());
            assertEquals(0, d.activeDecodeTargetsMask());
        }
    }

    @Test
    void parsesChromesL3T3KeyStructureWithActiveDecodeTargetsOnTheKeyPicture() {
        byte[] dd = new DependencyDescriptorWriter().frame(true, true, 60, 65535).structure(L3T3_KEY)
                .active(0b000_111_111, 9).bytes();
        assertEquals(DependencyParseResult.OK, parse(dd));
        assertEquals(describe(L3T3_KEY), describe(scratch));
        assertEquals("S E id=60 frame=65535 s0t0 dtis=SSSSSSSSS fdiffs= chains=0,0,0 structure active=111111",
                describe(d), "the top spatial layer is not sent");
        assertEquals(List.of(3, 3, 9, 3, 15),
                List.of(scratch.spatialLayerCount(), scratch.temporalLayerCount(), scratch.decodeTargetCount(),
                        scratch.chainCount(), scratch.templateCount()));
        assertEquals(List.of("320x180", "640x360", "1280x720", "0x0"),
                IntStream.range(0, 4).mapToObj(s -> scratch.renderWidth(s) + "x" + scratch.renderHeight(s)).toList());
        for (int dt = 0; dt < 9; dt++) {
            assertEquals(dt / 3, scratch.decodeTargetSpatialId(dt), "spatial layer of decode target " + dt);
            assertEquals(dt % 3, scratch.decodeTargetTemporalId(dt), "temporal layer of decode target " + dt);
            assertEquals(dt / 3, scratch.decodeTargetProtectedBy(dt), "chain of decode target " + dt);
        }
        current.copyFrom(scratch);

        // The upper spatial layers of the key picture: templates 5 and 10, ids 65 and 70 mod 64.
        assertEquals(DependencyParseResult.OK, parse(new DependencyDescriptorWriter().frame(true, true, 1, 0).bytes()));
        assertEquals("S E id=1 frame=0 s1t0 dtis=---SSSSSS fdiffs=1 chains=1,1,1", describe(d));
        assertEquals(DependencyParseResult.OK, parse(new DependencyDescriptorWriter().frame(true, true, 6, 1).bytes()));
        assertEquals("S E id=6 frame=1 s2t0 dtis=------SSS fdiffs=1 chains=2,1,1", describe(d));
    }

    /** Template ids run 60..63, 0..10 for the 15 templates: (id - template_id_offset) mod 64 gives the index. */
    @Test
    void templateIdsWrapModulo64() {
        current.copyFrom(structureOf(L3T3_KEY));
        for (int t = 0; t < L3T3_KEY.templates().size(); t++) {
            int id = (60 + t) % 64;
            assertEquals(DependencyParseResult.OK, parse(new DependencyDescriptorWriter().frame(false, false, id, 7)
                    .bytes()), "template " + t);
            assertEquals("id=" + id + " frame=7 " + describe(L3T3_KEY.templates().get(t)), describe(d));
            assertEquals(t, current.templateIndex(id));
        }
        for (int id = 11; id < 60; id++) {
            assertEquals(DependencyParseResult.UNKNOWN_TEMPLATE,
                    parse(new DependencyDescriptorWriter().frame(true, true, id, 7).bytes()), "id " + id);
            assertEquals(-1, current.templateIndex(id));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "template 7 as it is   | ---    | s1t1 dtis=----DS--- fdiffs=6 chains=7,6,5",
        "own DTIs              | D--    | s1t1 dtis=RRRDDDSS- fdiffs=6 chains=7,6,5 custom=D",
        "own frame diffs       | -F-    | s1t1 dtis=----DS--- fdiffs=1,16,17,256,257,4096 chains=7,6,5 custom=F",
        "own chain diffs       | --C    | s1t1 dtis=----DS--- fdiffs=6 chains=0,200,255 custom=C",
        "all three             | DFC    | s1t1 dtis=RRRDDDSS- fdiffs=1,16,17,256,257,4096 chains=0,200,255 custom=DFC",
    })
    void customFieldsOverrideTheTemplates(String name, String custom, String expected) {
        current.copyFrom(structureOf(L3T3_KEY));
        DependencyDescriptorWriter w = new DependencyDescriptorWriter().frame(true, false, 3, 500);
        if (custom.contains("D")) w.dtis("RRRDDDSS-");
        if (custom.contains("F")) w.fdiffs(1, 16, 17, 256, 257, 4096);
        if (custom.contains("C")) w.chains(0, 200, 255);
        assertEquals(DependencyParseResult.OK, parse(w.bytes()));
        assertEquals("S id=3 frame=500 " + expected, describe(d));
    }

    @Test
    void aFrameMayReferToNoFramesThoughItsTemplateDoes() {
        current.copyFrom(structureOf(L3T3_KEY));
        assertEquals(DependencyParseResult.OK, parse(new DependencyDescriptorWriter().frame(true, true, 3, 9)
                .fdiffs().bytes()));
        assertEquals(0, d.fdiffCount());
        assertEquals(-1, d.fdiff(0));
    }

    @Test
    void activeDecodeTargetsComeWithoutAStructure() {
        current.copyFrom(structureOf(L3T3_KEY));
        assertEquals(DependencyParseResult.OK, parse(new DependencyDescriptorWriter().frame(true, true, 60, 9)
                .active(0b000_000_111, 9).bytes()));
        assertEquals("S E id=60 frame=9 s0t0 dtis=SSSSSSSSS fdiffs= chains=0,0,0 active=111", describe(d));
        assertFalse(d.hasStructure());
    }

    @Test
    void extendedFieldsWithNoFlagSetMeanTheSameAsThreeBytes() {
        current.copyFrom(structureOf(L1T3));
        byte[] three = new DependencyDescriptorWriter().frame(false, true, 2, 0x1234).bytes();
        byte[] four = new DependencyDescriptorWriter().frame(false, true, 2, 0x1234).extended().bytes();
        assertEquals("42 12 34", Hex.of(three), "E, template 2, frame 0x1234");
        assertEquals(4, four.length);
        assertEquals(DependencyParseResult.OK, parse(three));
        String expected = describe(d);
        assertEquals("E id=2 frame=4660 s0t1 dtis=SD- fdiffs=2 chains=2", expected);
        assertEquals(DependencyParseResult.OK, parse(four));
        assertEquals(expected, describe(d));
    }

    @Test
    void zeroPaddingAfterTheLastFieldIsIgnored() {
        byte[] dd = new DependencyDescriptorWriter().frame(true, true, 60, 1).structure(L3T3_KEY).padding(9).bytes();
        assertEquals(DependencyParseResult.OK, parse(dd));
        String expected = describe(d);
        assertEquals(DependencyParseResult.OK, parse(Arrays.copyOf(dd, dd.length - 9)));
        assertEquals(expected, describe(d));
    }

    /**
     * The L3T3_KEY structure with resolutions, active decode targets and every custom field, cut at every byte: each
     * prefix is an error, never an exception. Without a current structure, 3 bytes are a complete descriptor that
     * refers to a template no one sent (NO_STRUCTURE); with one, they parse.
     */
    @Test
    void everyTruncationOfAFullDescriptorIsAnError() {
        DependencyDescriptorWriter w = new DependencyDescriptorWriter().frame(true, false, 3, 42).structure(L3T3_KEY)
                .active(0b101_101_101, 9).dtis("RRRDDDSS-").fdiffs(1, 17, 4096).chains(0, 200, 255);
        byte[] dd = w.bytes();
        assertEquals(DependencyParseResult.OK, parse(dd));
        assertEquals("S id=3 frame=42 s1t1 dtis=RRRDDDSS- fdiffs=1,17,4096 chains=0,200,255 structure"
                + " active=101101101 custom=DFC", describe(d));
        int structureEnd = w.structureEndBit();
        for (int withCurrent = 0; withCurrent < 2; withCurrent++) {
            if (withCurrent == 1) {
                current.copyFrom(scratch);
            }
            String before = describe(current);
            for (int len = 0; len < dd.length; len++) {
                DependencyParseResult expected = len == 0 ? DependencyParseResult.EMPTY
                        : len < 3 ? DependencyParseResult.TRUNCATED
                        : len == 3 ? (withCurrent == 1 ? DependencyParseResult.OK : DependencyParseResult.NO_STRUCTURE)
                        : len * 8 < structureEnd ? DependencyParseResult.TRUNCATED_STRUCTURE
                        : DependencyParseResult.TRUNCATED_FRAME_FIELDS;
                assertEquals(expected, parse(Arrays.copyOf(dd, len)), len + " of " + dd.length + " bytes");
                assertEquals(before, describe(current), "current is never written");
            }
        }
    }

    @Test
    void aFailedDescriptorLeavesTheCurrentStructureAsItWas() {
        receive(Hex.bytes(L1T3_KEY_FRAME));
        byte[] unknownTemplate = new DependencyDescriptorWriter().frame(true, true, 40, 1).structure(L3T3_KEY).bytes();
        assertEquals(DependencyParseResult.UNKNOWN_TEMPLATE, parse(unknownTemplate), "40 is not in 60..74 mod 64");
        assertTrue(scratch.isEmpty() || describe(scratch).equals(describe(L3T3_KEY)));
        assertEquals(describe(L1T3), describe(current));

        byte[] cut = new DependencyDescriptorWriter().frame(true, true, 60, 1).structure(L3T3_KEY).bytes();
        assertEquals(DependencyParseResult.TRUNCATED_STRUCTURE, parse(Arrays.copyOf(cut, 10)));
        assertTrue(scratch.isEmpty(), "a structure cut short is not kept half-read");
        assertEquals(describe(L1T3), describe(current));

        receive(cut);
        assertEquals(describe(L3T3_KEY), describe(current), "the next key frame replaces it");
    }

    @Test
    void aNewStructureWithAnotherOffsetRetiresTheOldIds() {
        receive(Hex.bytes(L1T3_KEY_FRAME));
        receive(new DependencyDescriptorWriter().frame(true, true, 5, 2).structure(L1T3.withOffset(5)).bytes());
        assertEquals(DependencyParseResult.UNKNOWN_TEMPLATE,
                parse(new DependencyDescriptorWriter().frame(true, true, 4, 3).bytes()));
        assertEquals(DependencyParseResult.OK, parse(new DependencyDescriptorWriter().frame(true, true, 9, 3).bytes()));
        assertEquals(2, d.temporalId());
    }

    @Test
    void aFrameNeedsAStructure() {
        byte[] delta = new DependencyDescriptorWriter().frame(true, true, 0, 1).bytes();
        assertEquals(DependencyParseResult.NO_STRUCTURE, parse(delta));
        assertEquals(DependencyParseResult.NO_STRUCTURE, d.parse(delta, 0, delta.length, null, null));
        byte[] active = new DependencyDescriptorWriter().frame(true, true, 0, 1).active(1, 1).bytes();
        assertEquals(DependencyParseResult.NO_STRUCTURE, parse(active), "the bitmask's length is the structure's");
        byte[] key = Hex.bytes(L1T3_KEY_FRAME);
        assertEquals(DependencyParseResult.OK, d.parse(key, 0, key.length, null, scratch), "a key frame needs none");
    }

    @Test
    void reportsCallerMistakesInsteadOfThrowing() {
        byte[] key = Hex.bytes(L1T3_KEY_FRAME);
        assertEquals(DependencyParseResult.BAD_SCRATCH, d.parse(key, 0, key.length, current, null));
        assertEquals(DependencyParseResult.BAD_SCRATCH, d.parse(key, 0, key.length, current, current));
        assertTrue(current.isEmpty());
        for (int[] region : new int[][] {{-1, 3}, {2, 16}, {0, 17}, {0, -1}, {16, 1}}) {
            assertEquals(DependencyParseResult.BAD_BOUNDS, d.parse(key, region[0], region[1], current, scratch));
            assertEquals(DependencyParseResult.BAD_BOUNDS, d.parse(null, region[0], region[1], current, scratch));
        }
        assertEquals(DependencyParseResult.TOO_LONG, parse(new byte[256]), "an RFC 8285 element holds 255 at most");
    }

    @Test
    void readsTheDescriptorWhereItSitsInTheBuffer() {
        byte[] key = Hex.bytes(L1T3_KEY_FRAME);
        byte[] buf = new byte[40];
        Arrays.fill(buf, (byte) 0xFF);
        System.arraycopy(key, 0, buf, 11, key.length);
        assertEquals(DependencyParseResult.OK, d.parse(buf, 11, key.length, current, scratch));
        assertEquals("S E id=0 frame=1 s0t0 dtis=SSS fdiffs= chains=0 structure active=111", describe(d));
        assertEquals(describe(L1T3), describe(scratch));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty                         | ''       | EMPTY",
        "one byte                      | C0       | TRUNCATED",
        "two bytes                     | C0 00    | TRUNCATED",
        "structure flag, nothing after | C0 00 01 80 | TRUNCATED_STRUCTURE",
        "active flag, 1 of 9 bits      | 7C 00 01 40 | TRUNCATED_FRAME_FIELDS",
        "custom DTIs, 1 of 9           | 7C 00 01 20 | TRUNCATED_FRAME_FIELDS",
        "custom chains, 1 of 3         | 7C 00 01 08 | TRUNCATED_FRAME_FIELDS",
        "custom fdiff cut              | 7C 00 01 13 | TRUNCATED_FRAME_FIELDS",
        "template 60 with no flags     | 7C 00 01 00 | OK",
    })
    void rejectsMalformedDescriptors(String name, String hex, DependencyParseResult expected) {
        current.copyFrom(structureOf(L3T3_KEY));
        assertEquals(expected, parse(Hex.bytes(hex)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "64 templates                     | 64 | 1 | 1 | OK",
        "65 templates                     | 65 | 1 | 1 | TOO_MANY_TEMPLATES",
        "4 spatial layers                 |  1 | 4 | 1 | OK",
        "5 spatial layers                 |  1 | 5 | 1 | TOO_MANY_SPATIAL_LAYERS",
        "8 temporal layers                |  1 | 1 | 8 | OK",
        "9 temporal layers                |  1 | 1 | 9 | TOO_MANY_TEMPORAL_LAYERS",
        "4 x 8 layers, 2 templates each   |  2 | 4 | 8 | OK",
    })
    void limitsTheStructuresLayersAndTemplates(String name, int perLayer, int spatial, int temporal,
            DependencyParseResult expected) {
        List<Template> templates = new ArrayList<>();
        for (int s = 0; s < spatial; s++) {
            for (int t = 0; t < temporal; t++) {
                templates.addAll(Collections.nCopies(perLayer, Template.of(s, t, "S", new int[0])));
            }
        }
        Structure structure = new Structure(0, new int[0], templates);
        byte[] dd = new DependencyDescriptorWriter().frame(true, true, 0, 1).structure(structure).bytes();
        assertEquals(expected, parse(dd));
        if (expected == DependencyParseResult.OK) {
            assertEquals(describe(structure), describe(scratch));
            assertEquals(List.of(spatial, temporal),
                    List.of(scratch.spatialLayerCount(), scratch.temporalLayerCount()));
        } else {
            assertTrue(scratch.isEmpty());
        }
    }

    /** 32 decode targets, each protected by a chain of its own, all active: bit 31 is the mask's sign bit. */
    @Test
    void parsesThirtyTwoDecodeTargetsAndChains() {
        String dtis = "SRDS".repeat(8);
        int[] chains = IntStream.range(0, 32).map(c -> c % 16).toArray();
        int[] protectedBy = IntStream.range(0, 32).map(dt -> 31 - dt).toArray();
        Structure structure = new Structure(63, protectedBy, List.of(Template.of(0, 0, dtis, chains),
                Template.of(0, 1, dtis.replace('S', '-'), chains, 1, 2)));
        byte[] dd = new DependencyDescriptorWriter().frame(true, true, 0, 1).structure(structure)
                .active(0xFFFF_FFFFL, 32).bytes();
        assertEquals(DependencyParseResult.OK, parse(dd));
        assertEquals(describe(structure), describe(scratch));
        assertEquals(-1, d.activeDecodeTargetsMask());
        assertEquals(1, d.temporalId(), "id 0 is template 1 after offset 63");
        assertEquals(DependencyDescriptor.REQUIRED, d.decodeTargetIndication(31 - 2));
        assertEquals(DependencyDescriptor.NOT_PRESENT, d.decodeTargetIndication(32));
        assertEquals(15, d.chainDiff(31));
        assertEquals(-1, d.chainDiff(32));
        assertEquals(List.of(1, 0), List.of(scratch.decodeTargetTemporalId(1), scratch.decodeTargetTemporalId(0)),
                "decode target 0 is S in template 0 only, 1 is R in both");
    }

    /** A 255-byte element of one template with 398 frame diffs, and one of a frame with 334 of its own. */
    @Test
    void holdsAsManyFrameDiffsAsTheLongestElementCarries() {
        int[] fdiffs = IntStream.range(0, 398).map(i -> 1 + i % 16).toArray();
        Structure structure = new Structure(0, new int[0], List.of(Template.of(0, 0, "S", new int[0], fdiffs)));
        byte[] withStructure = new DependencyDescriptorWriter().frame(true, true, 0, 1).structure(structure).bytes();
        assertEquals(DependencyDescriptor.MAX_LENGTH, withStructure.length);
        assertEquals(DependencyParseResult.OK, parse(withStructure));
        assertEquals(398, scratch.templateFdiffCount(0));
        assertEquals(398, d.fdiffCount());
        assertEquals(1 + 397 % 16, d.fdiff(397));
        current.copyFrom(scratch);

        int[] own = IntStream.range(0, 334).map(i -> 1 + i % 16).toArray();
        byte[] withOwn = new DependencyDescriptorWriter().frame(true, true, 0, 2).fdiffs(own).bytes();
        assertEquals(DependencyDescriptor.MAX_LENGTH, withOwn.length);
        assertEquals(DependencyParseResult.OK, parse(withOwn));
        assertEquals(334, d.fdiffCount());
        assertEquals(1 + 333 % 16, d.fdiff(333));
    }

    /** ns(5) as the spec tabulates it (A.8.2): 00, 01, 10, 110, 111. */
    @Test
    void readsNonSymmetricNumbersAsTheSpecTabulatesThem() {
        BitReader r = new BitReader();
        byte[] bits = new Bits().f(2, 0b00).f(2, 0b01).f(2, 0b10).f(3, 0b110).f(3, 0b111).bytes();
        r.reset(bits, 0, bits.length);
        assertEquals(List.of(0, 1, 2, 3, 4), IntStream.range(0, 5).map(i -> r.readNs(5)).boxed().toList());
        assertEquals(12, r.bitsRead());
        assertFalse(r.overrun());
    }

    @Test
    void readsBackEveryNonSymmetricNumberTheWriterWrites() {
        BitReader r = new BitReader();
        for (int n = 1; n <= 33; n++) {
            Bits bits = new Bits();
            for (int v = 0; v < n; v++) {
                bits.ns(n, v).f(1, 1);
            }
            byte[] bytes = bits.bytes();
            r.reset(bytes, 0, bytes.length);
            for (int v = 0; v < n; v++) {
                assertEquals(v, r.readNs(n), "ns(" + n + ")");
                assertEquals(1, r.readBit());
            }
            assertFalse(r.overrun());
            assertEquals(bits.length(), r.bitsRead());
        }
    }

    @Test
    void readsBitsAcrossBytesAndStopsAtTheEnd() {
        BitReader r = new BitReader();
        byte[] buf = Hex.bytes("FF 81 23 45 67 89 FF");
        r.reset(buf, 1, 5);
        assertEquals(1, r.readBit());
        assertEquals(0x01, r.readBits(7));
        assertEquals(0x234567, r.readBits(24));
        assertEquals(0x89, r.readBits(8));
        assertFalse(r.overrun());
        assertEquals(0, r.readBit(), "the 0xFF after the region is not read");
        assertTrue(r.overrun());
        r.reset(buf, 0, 4);
        assertEquals(0xFF812345, r.readBits(32));
        r.reset(buf, 0, 1);
        assertEquals(0, r.readBits(9));
        assertTrue(r.overrun());
        assertEquals(0, r.readBits(0), "nothing more once run out");
    }

    @Test
    void copiesAStructureWithoutSharingIt() {
        DependencyStructure copy = structureOf(L1T3);
        copy.copyFrom(structureOf(L3T3_KEY));
        assertEquals(describe(L3T3_KEY), describe(copy));
        copy.copyFrom(copy);
        assertEquals(describe(L3T3_KEY), describe(copy));
        copy.copyFrom(new DependencyStructure());
        assertTrue(copy.isEmpty());
        assertEquals(describe(new DependencyStructure()), describe(copy));
        copy.copyFrom(structureOf(L1T3));
        assertEquals(describe(L1T3), describe(copy), "nothing of the larger structure shows through");
    }

    @Test
    void answersNeutrallyOutOfRange() {
        DependencyStructure s = structureOf(L1T3);
        assertEquals(List.of(-1, -1, 0, -1, -1, -1, -1, -1, 0, 0, -1),
                List.of(s.templateSpatialId(5), s.templateTemporalId(-1), s.templateFdiffCount(5),
                        s.templateFdiff(1, 1), s.templateChainFdiff(0, 1), s.decodeTargetProtectedBy(3),
                        s.decodeTargetSpatialId(3), s.decodeTargetTemporalId(-1), s.renderWidth(0), s.renderHeight(0),
                        s.templateIndex(64)));
        assertEquals(DependencyDescriptor.NOT_PRESENT, s.templateDti(0, 3));
        DependencyStructure empty = new DependencyStructure();
        assertEquals(List.of(0, 0, 0, -1), List.of(empty.spatialLayerCount(), empty.temporalLayerCount(),
                empty.templateCount(), empty.templateIndex(0)));
        assertEquals(-1, structureOf(new Structure(0, new int[0], List.of(Template.of(0, 0, "S", new int[0]))))
                .decodeTargetProtectedBy(0), "no chains");
    }

    private DependencyParseResult parse(byte[] dd) {
        return d.parse(dd, 0, dd.length, current, scratch);
    }

    /** Parses as a stream's receiver does: a structure that came with an OK descriptor becomes the current one. */
    private void receive(byte[] dd) {
        assertEquals(DependencyParseResult.OK, parse(dd));
        if (d.hasStructure()) {
            current.copyFrom(scratch);
        }
    }

    /** {@code model} parsed from a key frame that carries it, into a structure of its own. */
    private static DependencyStructure structureOf(Structure model) {
        DependencyStructure into = new DependencyStructure();
        byte[] dd = new DependencyDescriptorWriter().frame(true, true, model.templateIdOffset(), 0).structure(model)
                .bytes();
        assertEquals(DependencyParseResult.OK, new DependencyDescriptor().parse(dd, 0, dd.length, null, into));
        return into;
    }

    private static List<String> decodeTargetLayers(DependencyStructure s) {
        return IntStream.range(0, s.decodeTargetCount())
                .mapToObj(dt -> s.decodeTargetSpatialId(dt) + "," + s.decodeTargetTemporalId(dt)).toList();
    }

    /** The frame in the notation of the tests: {@code S E id=3 frame=9 s1t1 dtis=----DS--- fdiffs=6 chains=7,6,5}. */
    static String describe(DependencyDescriptor d) {
        StringBuilder sb = new StringBuilder();
        if (d.startOfFrame()) sb.append("S ");
        if (d.endOfFrame()) sb.append("E ");
        sb.append("id=").append(d.templateId()).append(" frame=").append(d.frameNumber()).append(' ');
        StringBuilder dtis = new StringBuilder();
        for (int dt = 0; dt < d.decodeTargetCount(); dt++) {
            dtis.append("-DSR".charAt(d.decodeTargetIndication(dt)));
        }
        sb.append(layer(d.spatialId(), d.temporalId(), dtis.toString(),
                IntStream.range(0, d.fdiffCount()).map(d::fdiff).toArray(),
                IntStream.range(0, d.chainCount()).map(d::chainDiff).toArray()));
        if (d.hasStructure()) sb.append(" structure");
        if (d.hasActiveDecodeTargets()) {
            sb.append(" active=").append(Integer.toBinaryString(d.activeDecodeTargetsMask()));
        }
        String custom = (d.hasCustomDtis() ? "D" : "") + (d.hasCustomFdiffs() ? "F" : "")
                + (d.hasCustomChains() ? "C" : "");
        if (!custom.isEmpty()) sb.append(" custom=").append(custom);
        return sb.toString();
    }

    /** A frame that follows {@code t} in the notation of {@link #describe(DependencyDescriptor)}. */
    private static String describe(Template t) {
        return layer(t.spatialId(), t.temporalId(), t.dtis(), t.fdiffs(), t.chainFdiffs());
    }

    private static String layer(int s, int t, String dtis, int[] fdiffs, int[] chains) {
        return "s" + s + "t" + t + " dtis=" + dtis + " fdiffs=" + join(fdiffs) + " chains=" + join(chains);
    }

    /** A parsed structure, field by field, in the notation of {@link #describe(Structure)}. */
    static String describe(DependencyStructure s) {
        List<Template> templates = new ArrayList<>();
        for (int t = 0; t < s.templateCount(); t++) {
            int template = t;
            StringBuilder dtis = new StringBuilder();
            for (int dt = 0; dt < s.decodeTargetCount(); dt++) {
                dtis.append("-DSR".charAt(s.templateDti(t, dt)));
            }
            templates.add(new Template(s.templateSpatialId(t), s.templateTemporalId(t), dtis.toString(),
                    IntStream.range(0, s.templateFdiffCount(t)).map(i -> s.templateFdiff(template, i)).toArray(),
                    IntStream.range(0, s.chainCount()).map(c -> s.templateChainFdiff(template, c)).toArray()));
        }
        int[] protectedBy = IntStream.range(0, s.chainCount() > 0 ? s.decodeTargetCount() : 0)
                .map(s::decodeTargetProtectedBy).toArray();
        int[] resolutions = IntStream.range(0, s.hasResolutions() ? s.spatialLayerCount() : 0)
                .flatMap(sid -> IntStream.of(s.renderWidth(sid), s.renderHeight(sid))).toArray();
        return describe(new Structure(s.templateIdOffset(), protectedBy, templates, resolutions), s.decodeTargetCount(),
                s.chainCount());
    }

    static String describe(Structure s) {
        return describe(s, s.decodeTargetCount(), s.chainCount());
    }

    private static String describe(Structure s, int decodeTargets, int chains) {
        return "offset=" + s.templateIdOffset() + " dts=" + decodeTargets + " chains=" + chains + " protectedBy="
                + join(s.protectedBy()) + " resolutions=" + join(s.resolutions()) + s.templates().stream()
                .map(t -> " | " + describe(t)).collect(Collectors.joining());
    }

    private static String join(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
