package io.patchbay.media.codec;

import io.patchbay.media.packet.Bytes;

/**
 * A reusable view of the Dependency Descriptor RTP header extension (AV1 RTP payload format v1.0.0, appendix A,
 * "Dependency Descriptor RTP Header Extension", syntax in A.8.2; Chrome sends it with AV1, and with VP8 and VP9 when
 * negotiated): which frame a packet belongs to, its spatial and temporal layer, and what it means for each decode
 * target, mostly by naming a template of a structure sent once per key frame. {@link #parse} reads the element's data
 * bit by bit, checking every read against its length, and never throws or allocates. Not thread-safe: one instance
 * per media thread, reused for every packet. Accessors are only meaningful after {@link #parse} returned
 * {@link DependencyParseResult#OK}.
 *
 * <pre>
 *   0                   1                   2
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |S|E|template id|         frame_number          |  mandatory: start_of_frame f(1), end_of_frame f(1),
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  frame_dependency_template_id f(6), frame_number f(16)
 *  |T|A|D|F|C| ...                                    extended fields, only when the element is longer than 3 bytes;
 *  +-+-+-+-+-+                                        from here on nothing is byte-aligned
 *   T: template_dependency_structure()              a new structure (below); all decode targets become active
 *   A: active_decode_targets_bitmask f(DtCnt)       decode target dt is active when bit dt (from the lsb) is set
 *   frame_dependency_definition(): template (template id - template_id_offset) mod 64 gives the spatial and temporal
 *   id, and the DTIs, frame diffs and chain diffs unless the frame sends its own:
 *   D: frame_dti f(2) per decode target
 *   F: frame_fdiffs: while (next_fdiff_size f(2) != 0) fdiff_minus_one f(4 * next_fdiff_size)
 *   C: frame_chain_fdiff f(8) per chain
 *   zero_padding to the end of the element, ignored
 *
 *  template_dependency_structure():
 *   template_id_offset f(6), dt_cnt_minus_one f(5)            DtCnt = 1..32 decode targets
 *   template_layers: next_layer_idc f(2) after each template   0: same ids, 1: temporal id + 1,
 *                                                              2: spatial id + 1 and temporal id 0, 3: last template
 *   template_dtis: f(2) per template per decode target         see {@link #NOT_PRESENT} and the next three
 *   template_fdiffs: per template, while (fdiff_follows_flag f(1)) fdiff_minus_one f(4)
 *   template_chains: chain_cnt ns(DtCnt + 1); when not 0, decode_target_protected_by ns(chain_cnt) per decode target
 *                    and template_chain_fdiff f(4) per template per chain
 *   resolutions_present_flag f(1); when set, max_render_width_minus_1 f(16) and max_render_height_minus_1 f(16)
 *                    per spatial layer
 *   (decode_target_layers(): a decode target's spatial and temporal id, derived, not sent)
 * </pre>
 *
 * f(n) is an n-bit unsigned number, most significant bit first; ns(n) a number in 0..n-1 in w - 1 or w bits, w
 * being the bit length of n, the values below 2^w - n taking the shorter code.
 *
 * <p>A packet refers to the latest structure its stream sent. The caller keeps that one ({@code current}) and a
 * {@code scratch} structure per stream: a packet that carries a structure is read into {@code scratch}, and only when
 * the whole descriptor parsed {@link DependencyParseResult#OK} does the caller adopt it, with
 * {@code current.copyFrom(scratch)} (or by swapping the two references). {@code current} is only ever read, so an
 * error leaves it as it was.
 */
public final class DependencyDescriptor {
    /** Decode target indications (table A.1): the frame is not part of the decode target. */
    public static final int NOT_PRESENT = 0;
    /** The frame is part of the decode target, and no later frame of it refers to this one. */
    public static final int DISCARDABLE = 1;
    /** The frame is part of the decode target, and a switch to the decode target may start here. */
    public static final int SWITCH = 2;
    /** The frame is part of the decode target and neither discardable nor a switch point. */
    public static final int REQUIRED = 3;
    /** The most data an RFC 8285 header extension element carries (two-byte header form). */
    public static final int MAX_LENGTH = 255;
    /** Bytes of the mandatory fields; a longer element has the extended fields. */
    public static final int MANDATORY_LENGTH = 3;

    private static final int STRUCTURE_PRESENT = 0x10;
    private static final int ACTIVE_DECODE_TARGETS_PRESENT = 0x08;
    private static final int CUSTOM_DTIS = 0x04;
    private static final int CUSTOM_FDIFFS = 0x02;
    private static final int CUSTOM_CHAINS = 0x01;

    private final BitReader reader = new BitReader();
    /**
     * The frame's diffs, its own or its template's: a template's take 5 bits each, a frame's own at least 6, so
     * {@link DependencyStructure#MAX_TEMPLATE_FDIFFS} hold either.
     */
    private final int[] fdiffs = new int[DependencyStructure.MAX_TEMPLATE_FDIFFS];
    private final int[] chainDiffs = new int[DependencyStructure.MAX_CHAINS];

    private int length;
    private boolean startOfFrame;
    private boolean endOfFrame;
    private int templateId;
    private int frameNumber;
    private int flags;
    private boolean hasActiveDecodeTargets;
    private int activeDecodeTargets;
    private int spatialId;
    private int temporalId;
    private int decodeTargetCount;
    /** Decode target dt's indication in bits 2dt and 2dt + 1. */
    private long dtis;
    private int fdiffCount;
    private int chainCount;

    /**
     * Parses the header extension element's data at {@code buf[off, off + len)} (not the RTP header, nor the
     * element's ID and length).
     *
     * @param current the latest structure the stream sent, read and never written; null or empty when none yet
     * @param scratch where a structure this packet carries is read into (its previous contents are lost); a distinct
     *     instance from {@code current}. After OK with {@link #hasStructure()}, the caller adopts it as its current
     *     structure; after an error it holds nothing of use.
     * @return OK, or why the descriptor was rejected; on anything but OK the accessors hold leftovers
     */
    public DependencyParseResult parse(
            byte[] buf, int off, int len, DependencyStructure current, DependencyStructure scratch) {
        length = len;
        startOfFrame = false;
        endOfFrame = false;
        templateId = 0;
        frameNumber = 0;
        flags = 0;
        hasActiveDecodeTargets = false;
        activeDecodeTargets = 0;
        spatialId = 0;
        temporalId = 0;
        decodeTargetCount = 0;
        dtis = 0;
        fdiffCount = 0;
        chainCount = 0;
        if (!Bytes.inBounds(buf, off, len)) {
            return DependencyParseResult.BAD_BOUNDS;
        }
        if (len == 0) {
            return DependencyParseResult.EMPTY;
        }
        if (len > MAX_LENGTH) {
            return DependencyParseResult.TOO_LONG;
        }
        if (len < MANDATORY_LENGTH) {
            return DependencyParseResult.TRUNCATED;
        }
        BitReader r = reader;
        r.reset(buf, off, len);
        startOfFrame = r.readBit() == 1;
        endOfFrame = r.readBit() == 1;
        templateId = r.readBits(6);
        frameNumber = r.readBits(16);
        DependencyStructure structure = current;
        if (len > MANDATORY_LENGTH) {
            flags = r.readBits(5);
            if ((flags & STRUCTURE_PRESENT) != 0) {
                if (scratch == null || scratch == current) {
                    return DependencyParseResult.BAD_SCRATCH;
                }
                DependencyParseResult read = scratch.read(r);
                if (read != DependencyParseResult.OK) {
                    return read;
                }
                structure = scratch;
                hasActiveDecodeTargets = true;
                activeDecodeTargets = allDecodeTargets(structure.decodeTargetCount());
            }
        }
        if (structure == null || structure.isEmpty()) {
            return DependencyParseResult.NO_STRUCTURE;
        }
        if ((flags & ACTIVE_DECODE_TARGETS_PRESENT) != 0) {
            hasActiveDecodeTargets = true;
            activeDecodeTargets = r.readBits(structure.decodeTargetCount());
            if (r.overrun()) {
                return DependencyParseResult.TRUNCATED_FRAME_FIELDS;
            }
        }
        return readFrameDependencyDefinition(r, structure);
    }

    /** {@code frame_dependency_definition()}: the template's fields, each replaced by the frame's own when sent. */
    private DependencyParseResult readFrameDependencyDefinition(BitReader r, DependencyStructure structure) {
        int template = structure.templateIndex(templateId);
        if (template < 0) {
            return DependencyParseResult.UNKNOWN_TEMPLATE;
        }
        spatialId = structure.templateSpatialId(template);
        temporalId = structure.templateTemporalId(template);
        decodeTargetCount = structure.decodeTargetCount();
        chainCount = structure.chainCount();
        if ((flags & CUSTOM_DTIS) != 0) {
            for (int dt = 0; dt < decodeTargetCount; dt++) {
                dtis |= (long) r.readBits(2) << 2 * dt;
            }
        } else {
            dtis = structure.templateDtis(template);
        }
        if ((flags & CUSTOM_FDIFFS) != 0) {
            // 0 once the reader has run out, so each stored diff took at least 6 bits
            for (int size = r.readBits(2); size != 0; size = r.readBits(2)) {
                fdiffs[fdiffCount++] = r.readBits(4 * size) + 1;
            }
        } else {
            fdiffCount = structure.copyTemplateFdiffs(template, fdiffs);
        }
        if ((flags & CUSTOM_CHAINS) != 0) {
            for (int c = 0; c < chainCount; c++) {
                chainDiffs[c] = r.readBits(8);
            }
        } else {
            structure.copyTemplateChainFdiffs(template, chainDiffs);
        }
        return r.overrun() ? DependencyParseResult.TRUNCATED_FRAME_FIELDS : DependencyParseResult.OK;
    }

    /** Bits 0 to count - 1 set; all 32 for 32 decode targets. */
    private static int allDecodeTargets(int count) {
        return -1 >>> (32 - count);
    }

    /** Bytes of the element's data, mandatory fields and zero padding included. */
    public int length() {
        return length;
    }

    /** start_of_frame: the packet's payload starts a frame (not necessarily the first of its temporal unit). */
    public boolean startOfFrame() {
        return startOfFrame;
    }

    /** end_of_frame: the packet is the last of its frame (more frames of the same temporal unit may follow). */
    public boolean endOfFrame() {
        return endOfFrame;
    }

    /** frame_dependency_template_id, 0..63, as sent (not the template's index). */
    public int templateId() {
        return templateId;
    }

    /** frame_number, 0..65535: increases by at least one per frame in decode order and wraps. */
    public int frameNumber() {
        return frameNumber;
    }

    /**
     * The packet carried a template dependency structure, now in the {@code scratch} given to {@link #parse}: the
     * caller's new current structure.
     */
    public boolean hasStructure() {
        return (flags & STRUCTURE_PRESENT) != 0;
    }

    /**
     * The packet set the active decode targets: with an active_decode_targets_bitmask, or with a new structure (all
     * decode targets active). Otherwise they are what the stream last set, which the caller keeps.
     */
    public boolean hasActiveDecodeTargets() {
        return hasActiveDecodeTargets;
    }

    /**
     * Decode target dt is active when bit dt is set (bit 31, the sign bit, for decode target 31); 0 without
     * {@link #hasActiveDecodeTargets()}.
     */
    public int activeDecodeTargetsMask() {
        return activeDecodeTargets;
    }

    /** custom_dtis_flag: the frame sent its own DTIs instead of its template's. */
    public boolean hasCustomDtis() {
        return (flags & CUSTOM_DTIS) != 0;
    }

    /** custom_fdiffs_flag: the frame sent its own frame diffs instead of its template's. */
    public boolean hasCustomFdiffs() {
        return (flags & CUSTOM_FDIFFS) != 0;
    }

    /** custom_chains_flag: the frame sent its own chain diffs instead of its template's. */
    public boolean hasCustomChains() {
        return (flags & CUSTOM_CHAINS) != 0;
    }

    /** The frame's spatial id (its template's), 0..3. */
    public int spatialId() {
        return spatialId;
    }

    /** The frame's temporal id (its template's), 0..7. */
    public int temporalId() {
        return temporalId;
    }

    /** Decode targets of the structure the packet was read with, 1..32. */
    public int decodeTargetCount() {
        return decodeTargetCount;
    }

    /**
     * The frame's indication for decode target {@code dt}: {@link #NOT_PRESENT}, {@link #DISCARDABLE},
     * {@link #SWITCH} or {@link #REQUIRED}; NOT_PRESENT for a decode target out of range.
     */
    public int decodeTargetIndication(int dt) {
        return dt >= 0 && dt < decodeTargetCount ? DependencyStructure.dti(dtis, dt) : NOT_PRESENT;
    }

    /** How many frames this one refers to. */
    public int fdiffCount() {
        return fdiffCount;
    }

    /**
     * The {@code i}th frame diff, 1..4096 (1..16 from a template): the frame refers to {@link #frameNumber()} minus
     * this (mod 2^16); -1 when {@code i} is not in {@code [0, fdiffCount())}.
     */
    public int fdiff(int i) {
        return i >= 0 && i < fdiffCount ? fdiffs[i] : -1;
    }

    /** Chains of the structure the packet was read with, 0..32. */
    public int chainCount() {
        return chainCount;
    }

    /**
     * The frame's diff for chain {@code chain}, 0..255 (0..15 from a template): the previous frame of that chain is
     * {@link #frameNumber()} minus this (mod 2^16), 0 meaning the chain needs no earlier frame; -1 for a chain out of
     * range.
     */
    public int chainDiff(int chain) {
        return chain >= 0 && chain < chainCount ? chainDiffs[chain] : -1;
    }
}
