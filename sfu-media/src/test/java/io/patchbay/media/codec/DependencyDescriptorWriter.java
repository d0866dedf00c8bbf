package io.patchbay.media.codec;

import java.util.Arrays;
import java.util.List;

/**
 * Writes dependency descriptors field by field after the syntax of the AV1 RTP payload format v1.0.0, appendix A.8.2,
 * with its write_ns(n, v) for ns(n): the tests' and fuzz seeds' source of descriptors, independent of the parser.
 */
public final class DependencyDescriptorWriter {
    /** A frame dependency template as the spec's example tables give it; DTIs one letter each: - D S R. */
    record Template(int spatialId, int temporalId, String dtis, int[] fdiffs, int[] chainFdiffs) {
        static Template of(int s, int t, String dtis, int[] chains, int... fdiffs) {
            return new Template(s, t, dtis, fdiffs, chains);
        }
    }

    /**
     * A template dependency structure: decode targets as long as the templates' DTI strings, chains as many as their
     * chain diffs ({@code protectedBy} empty without chains), and {@code resolutions} as width, height pairs per
     * spatial layer, or empty.
     */
    public record Structure(int templateIdOffset, int[] protectedBy, List<Template> templates, int... resolutions) {
        int decodeTargetCount() {
            return templates.get(0).dtis().length();
        }

        int chainCount() {
            return templates.get(0).chainFdiffs().length;
        }

        Structure withOffset(int offset) {
            return new Structure(offset, protectedBy, templates, resolutions);
        }
    }

    /**
     * L1T3 from the spec's example A.10.2.1: decode targets 30, 15 and 7.5 fps (temporal ids 2, 1, 0), one chain of
     * the temporal layer 0 frames.
     */
    static final Structure L1T3 = new Structure(0, new int[] {0, 0, 0}, List.of(
            Template.of(0, 0, "SSS", new int[] {0}),
            Template.of(0, 0, "SSS", new int[] {4}, 4),
            Template.of(0, 1, "SD-", new int[] {2}, 2),
            Template.of(0, 2, "D--", new int[] {1}, 1),
            Template.of(0, 2, "D--", new int[] {3}, 1)));

    /**
     * Chrome's L3T3_KEY: 3 spatial and 3 temporal layers, spatial layers predicted from each other only on the key
     * picture. The templates of libwebrtc's {@code ScalabilityStructureL3T3Key::DependencyStructure()}
     * (modules/video_coding/svc/scalability_structure_key_svc.cc), in their (spatial id, temporal id) order: decode
     * target dt is spatial layer dt / 3 at temporal layer dt % 3, chain c protects the decode targets of spatial
     * layer c. Resolutions as Chrome's 1280x720 capture gives them; the template id offset is ours, chosen so that
     * the ids wrap (60..63, 0..10).
     */
    public static final Structure L3T3_KEY = new Structure(60, new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2}, List.of(
            Template.of(0, 0, "SSSSSSSSS", new int[] {0, 0, 0}),
            Template.of(0, 0, "SSS------", new int[] {12, 11, 10}, 12),
            Template.of(0, 1, "-DS------", new int[] {6, 5, 4}, 6),
            Template.of(0, 2, "--D------", new int[] {3, 2, 1}, 3),
            Template.of(0, 2, "--D------", new int[] {9, 8, 7}, 3),
            Template.of(1, 0, "---SSSSSS", new int[] {1, 1, 1}, 1),
            Template.of(1, 0, "---SSS---", new int[] {1, 12, 11}, 12),
            Template.of(1, 1, "----DS---", new int[] {7, 6, 5}, 6),
            Template.of(1, 2, "-----D---", new int[] {4, 3, 2}, 3),
            Template.of(1, 2, "-----D---", new int[] {10, 9, 8}, 3),
            Template.of(2, 0, "------SSS", new int[] {2, 1, 1}, 1),
            Template.of(2, 0, "------SSS", new int[] {2, 1, 12}, 12),
            Template.of(2, 1, "-------DS", new int[] {8, 7, 6}, 6),
            Template.of(2, 2, "--------D", new int[] {5, 4, 3}, 3),
            Template.of(2, 2, "--------D", new int[] {11, 10, 9}, 3)),
            320, 180, 640, 360, 1280, 720);

    private final Bits bits = new Bits();
    private boolean startOfFrame;
    private boolean endOfFrame;
    private int templateId;
    private int frameNumber;
    private Structure structure;
    private Long activeDecodeTargets;
    private int activeDecodeTargetCount;
    private String customDtis;
    private int[] customFdiffs;
    private int[] customChains;
    private boolean extended;
    private int padding;
    private int structureEndBit = -1;

    public DependencyDescriptorWriter frame(boolean start, boolean end, int templateId, int frameNumber) {
        this.startOfFrame = start;
        this.endOfFrame = end;
        this.templateId = templateId;
        this.frameNumber = frameNumber;
        return this;
    }

    /** Carries {@code s}. */
    public DependencyDescriptorWriter structure(Structure s) {
        this.structure = s;
        this.extended = true;
        return this;
    }

    /** An active_decode_targets_bitmask of {@code count} bits (the decode targets of the structure in effect). */
    DependencyDescriptorWriter active(long mask, int count) {
        this.activeDecodeTargets = mask;
        this.activeDecodeTargetCount = count;
        this.extended = true;
        return this;
    }

    /** The frame's own DTIs, one letter per decode target: - D S R. */
    DependencyDescriptorWriter dtis(String dtis) {
        this.customDtis = dtis;
        this.extended = true;
        return this;
    }

    /** The frame's own frame diffs, 1..4096. */
    DependencyDescriptorWriter fdiffs(int... fdiffs) {
        this.customFdiffs = fdiffs;
        this.extended = true;
        return this;
    }

    /** The frame's own chain diffs, 0..255, one per chain. */
    DependencyDescriptorWriter chains(int... chains) {
        this.customChains = chains;
        this.extended = true;
        return this;
    }

    /** The five extended flags, all 0, when nothing else makes the descriptor longer than 3 bytes. */
    DependencyDescriptorWriter extended() {
        this.extended = true;
        return this;
    }

    /** Zero bytes after the last field's byte. */
    DependencyDescriptorWriter padding(int bytes) {
        this.padding = bytes;
        return this;
    }

    /** Bit at which the structure written by the last {@link #bytes()} ended; -1 without one. */
    int structureEndBit() {
        return structureEndBit;
    }

    public byte[] bytes() {
        bits.clear();
        bits.f(1, startOfFrame ? 1 : 0).f(1, endOfFrame ? 1 : 0).f(6, templateId).f(16, frameNumber);
        if (extended) {
            bits.f(1, structure != null ? 1 : 0).f(1, activeDecodeTargets != null ? 1 : 0)
                    .f(1, customDtis != null ? 1 : 0).f(1, customFdiffs != null ? 1 : 0)
                    .f(1, customChains != null ? 1 : 0);
            structureEndBit = -1;
            if (structure != null) {
                writeStructure(structure);
                structureEndBit = bits.length();
            }
            if (activeDecodeTargets != null) {
                bits.f(activeDecodeTargetCount, activeDecodeTargets);
            }
            if (customDtis != null) {
                writeDtis(customDtis);
            }
            if (customFdiffs != null) {
                for (int fdiff : customFdiffs) {
                    int size = fdiff <= 16 ? 1 : fdiff <= 256 ? 2 : 3;
                    bits.f(2, size).f(4 * size, fdiff - 1);
                }
                bits.f(2, 0);
            }
            if (customChains != null) {
                for (int chain : customChains) {
                    bits.f(8, chain);
                }
            }
        }
        byte[] written = bits.bytes();
        return Arrays.copyOf(written, written.length + padding);
    }

    private void writeStructure(Structure s) {
        List<Template> templates = s.templates();
        bits.f(6, s.templateIdOffset()).f(5, s.decodeTargetCount() - 1);
        for (int t = 0; t < templates.size(); t++) {
            bits.f(2, t + 1 == templates.size() ? 3 : nextLayerIdc(templates.get(t), templates.get(t + 1)));
        }
        for (Template template : templates) {
            writeDtis(template.dtis());
        }
        for (Template template : templates) {
            for (int fdiff : template.fdiffs()) {
                bits.f(1, 1).f(4, fdiff - 1);
            }
            bits.f(1, 0);
        }
        bits.ns(s.decodeTargetCount() + 1, s.chainCount());
        if (s.chainCount() > 0) {
            for (int chain : s.protectedBy()) {
                bits.ns(s.chainCount(), chain);
            }
            for (Template template : templates) {
                for (int chainFdiff : template.chainFdiffs()) {
                    bits.f(4, chainFdiff);
                }
            }
        }
        bits.f(1, s.resolutions().length > 0 ? 1 : 0);
        for (int resolution : s.resolutions()) {
            bits.f(16, resolution - 1);
        }
    }

    private static int nextLayerIdc(Template current, Template next) {
        if (next.spatialId() == current.spatialId() && next.temporalId() == current.temporalId()) {
            return 0;
        }
        if (next.spatialId() == current.spatialId() && next.temporalId() == current.temporalId() + 1) {
            return 1;
        }
        if (next.spatialId() == current.spatialId() + 1 && next.temporalId() == 0) {
            return 2;
        }
        throw new IllegalArgumentException("templates out of (spatial id, temporal id) order: " + current + next);
    }

    private void writeDtis(String dtis) {
        for (char c : dtis.toCharArray()) {
            bits.f(2, dti(c));
        }
    }

    static int dti(char c) {
        return switch (c) {
            case '-' -> DependencyDescriptor.NOT_PRESENT;
            case 'D' -> DependencyDescriptor.DISCARDABLE;
            case 'S' -> DependencyDescriptor.SWITCH;
            case 'R' -> DependencyDescriptor.REQUIRED;
            default -> throw new IllegalArgumentException("no DTI " + c);
        };
    }

    /** A bit string, most significant bit first, written out with zero bits up to the next byte. */
    static final class Bits {
        private final StringBuilder bits = new StringBuilder();

        /** f(n): {@code value}'s low {@code n} bits. */
        Bits f(int n, long value) {
            if (n < 64 && value >>> n != 0) {
                throw new IllegalArgumentException(value + " does not fit " + n + " bits");
            }
            for (int i = n - 1; i >= 0; i--) {
                bits.append((value >>> i & 1) == 0 ? '0' : '1');
            }
            return this;
        }

        /** The spec's write_ns(n, v). */
        Bits ns(int n, int v) {
            if (v < 0 || v >= n) {
                throw new IllegalArgumentException(v + " is not in 0.." + (n - 1));
            }
            if (n == 1) {
                return this;
            }
            int w = 0;
            for (int x = n; x != 0; x >>= 1) {
                w++;
            }
            int m = (1 << w) - n;
            return v < m ? f(w - 1, v) : f(w, v + m);
        }

        int length() {
            return bits.length();
        }

        void clear() {
            bits.setLength(0);
        }

        byte[] bytes() {
            byte[] out = new byte[(bits.length() + 7) / 8];
            for (int i = 0; i < bits.length(); i++) {
                if (bits.charAt(i) == '1') {
                    out[i / 8] |= (byte) (0x80 >>> (i % 8));
                }
            }
            return out;
        }
    }
}
