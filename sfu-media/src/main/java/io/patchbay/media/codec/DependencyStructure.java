package io.patchbay.media.codec;

/**
 * One template dependency structure of the dependency descriptor (AV1 RTP payload format v1.0.0, appendix A.8.2,
 * {@code template_dependency_structure()}): the frame dependency templates a stream's packets refer to by id, its
 * decode targets and the chains protecting them, and the render resolution of each spatial layer. A preallocated,
 * reusable holder: every array is allocated once, in the constructor, at the most the syntax allows, and
 * {@link DependencyDescriptor#parse} reads a structure into it without allocating. A new instance is empty
 * ({@link #isEmpty()}). Not thread-safe: owned by the media thread of the stream it describes.
 *
 * <p>Templates are indexed 0 to {@link #templateCount()} - 1, in the order the structure lists them (by spatial id,
 * then temporal id); a packet names one by id, {@link #templateIdOffset()} + index (mod 64). Accessors given an index
 * out of range answer neutrally (0, -1 or {@link DependencyDescriptor#NOT_PRESENT}, as each says) instead of throwing.
 */
public final class DependencyStructure {
    /** Template ids are 6 bits, so a structure has at most 64 templates (the spec's MAX_TEMPLATE_ID + 1). */
    public static final int MAX_TEMPLATES = 64;
    /** dt_cnt_minus_one is 5 bits. */
    public static final int MAX_DECODE_TARGETS = 32;
    /** chain_cnt is ns(DtCnt + 1), so at most one chain per decode target. */
    public static final int MAX_CHAINS = MAX_DECODE_TARGETS;
    /**
     * Largest spatial id: the draft's MAX_SPATIAL_ID (v0.4, table A.1), AV1's 2-bit spatial_id, and libwebrtc's
     * limit. A structure whose template layers go beyond it is rejected.
     */
    public static final int MAX_SPATIAL_ID = 3;
    /** Largest temporal id: the draft's MAX_TEMPORAL_ID (v0.4, table A.1) and AV1's 3-bit temporal_id. */
    public static final int MAX_TEMPORAL_ID = 7;
    /**
     * Frame diffs of all templates together: each takes 5 bits (its fdiff_follows_flag and fdiff_minus_one), so a
     * descriptor of {@link DependencyDescriptor#MAX_LENGTH} bytes cannot hold more.
     */
    static final int MAX_TEMPLATE_FDIFFS = DependencyDescriptor.MAX_LENGTH * 8 / 5;

    private final byte[] templateSpatialId = new byte[MAX_TEMPLATES];
    private final byte[] templateTemporalId = new byte[MAX_TEMPLATES];
    /** Per template, the DTI of decode target dt in bits 2dt and 2dt + 1. */
    private final long[] templateDtis = new long[MAX_TEMPLATES];
    /** Per template, where its frame diffs start in {@link #fdiffs} and how many there are. */
    private final int[] fdiffStart = new int[MAX_TEMPLATES];
    private final int[] fdiffCount = new int[MAX_TEMPLATES];
    /** The frame diffs (1..16) of all templates, one after the other. */
    private final byte[] fdiffs = new byte[MAX_TEMPLATE_FDIFFS];
    /** template_chain_fdiff (0..15) of template t and chain c at t * MAX_CHAINS + c. */
    private final byte[] chainFdiffs = new byte[MAX_TEMPLATES * MAX_CHAINS];
    private final byte[] protectedBy = new byte[MAX_DECODE_TARGETS];
    private final byte[] decodeTargetSpatialId = new byte[MAX_DECODE_TARGETS];
    private final byte[] decodeTargetTemporalId = new byte[MAX_DECODE_TARGETS];
    private final int[] renderWidth = new int[MAX_SPATIAL_ID + 1];
    private final int[] renderHeight = new int[MAX_SPATIAL_ID + 1];

    private int templateIdOffset;
    private int decodeTargetCount;
    private int chainCount;
    /** 0 while empty. */
    private int templateCount;
    private int fdiffTotal;
    private int maxSpatialId;
    private int maxTemporalId;
    private boolean hasResolutions;

    /**
     * Reads {@code template_dependency_structure()} at the reader's position. On anything but OK the structure is left
     * empty.
     */
    DependencyParseResult read(BitReader r) {
        DependencyParseResult result = readFields(r);
        if (result != DependencyParseResult.OK) {
            clear();
        }
        return result;
    }

    private DependencyParseResult readFields(BitReader r) {
        templateIdOffset = r.readBits(6);
        decodeTargetCount = r.readBits(5) + 1;
        DependencyParseResult layers = readTemplateLayers(r);
        if (layers != DependencyParseResult.OK) {
            return layers;
        }
        for (int t = 0; t < templateCount; t++) {
            long dtis = 0;
            for (int dt = 0; dt < decodeTargetCount; dt++) {
                dtis |= (long) r.readBits(2) << 2 * dt;
            }
            templateDtis[t] = dtis;
        }
        fdiffTotal = 0;
        for (int t = 0; t < templateCount; t++) {
            fdiffStart[t] = fdiffTotal;
            // fdiff_follows_flag: 0 once the reader has run out, so each diff stored took 5 bits
            while (r.readBit() == 1) {
                fdiffs[fdiffTotal++] = (byte) (r.readBits(4) + 1);
            }
            fdiffCount[t] = fdiffTotal - fdiffStart[t];
        }
        chainCount = r.readNs(decodeTargetCount + 1);
        for (int dt = 0; chainCount > 0 && dt < decodeTargetCount; dt++) {
            protectedBy[dt] = (byte) r.readNs(chainCount);
        }
        for (int t = 0; t < templateCount; t++) {
            for (int c = 0; c < chainCount; c++) {
                chainFdiffs[t * MAX_CHAINS + c] = (byte) r.readBits(4);
            }
        }
        hasResolutions = r.readBit() == 1;
        for (int sid = 0; hasResolutions && sid <= maxSpatialId; sid++) {
            renderWidth[sid] = r.readBits(16) + 1;
            renderHeight[sid] = r.readBits(16) + 1;
        }
        if (r.overrun()) {
            return DependencyParseResult.TRUNCATED_STRUCTURE;
        }
        computeDecodeTargetLayers();
        return DependencyParseResult.OK;
    }

    /** {@code template_layers()}: each 2-bit next_layer_idc gives the next template's spatial and temporal id. */
    private DependencyParseResult readTemplateLayers(BitReader r) {
        int spatialId = 0;
        int temporalId = 0;
        templateCount = 0;
        maxTemporalId = 0;
        int nextLayerIdc;
        do {
            if (templateCount == MAX_TEMPLATES) {
                return DependencyParseResult.TOO_MANY_TEMPLATES;
            }
            templateSpatialId[templateCount] = (byte) spatialId;
            templateTemporalId[templateCount] = (byte) temporalId;
            templateCount++;
            nextLayerIdc = r.readBits(2);
            if (r.overrun()) {
                return DependencyParseResult.TRUNCATED_STRUCTURE;
            }
            if (nextLayerIdc == 1) { // same spatial layer, next temporal layer
                if (++temporalId > MAX_TEMPORAL_ID) {
                    return DependencyParseResult.TOO_MANY_TEMPORAL_LAYERS;
                }
                maxTemporalId = Math.max(maxTemporalId, temporalId);
            } else if (nextLayerIdc == 2) { // next spatial layer, temporal layer 0
                temporalId = 0;
                if (++spatialId > MAX_SPATIAL_ID) {
                    return DependencyParseResult.TOO_MANY_SPATIAL_LAYERS;
                }
            }
        } while (nextLayerIdc != 3);
        maxSpatialId = spatialId;
        return DependencyParseResult.OK;
    }

    /** {@code decode_target_layers()}: a decode target's layers are the highest of the templates present in it. */
    private void computeDecodeTargetLayers() {
        for (int dt = 0; dt < decodeTargetCount; dt++) {
            int spatialId = 0;
            int temporalId = 0;
            for (int t = 0; t < templateCount; t++) {
                if (dti(templateDtis[t], dt) != DependencyDescriptor.NOT_PRESENT) {
                    spatialId = Math.max(spatialId, templateSpatialId[t]);
                    temporalId = Math.max(temporalId, templateTemporalId[t]);
                }
            }
            decodeTargetSpatialId[dt] = (byte) spatialId;
            decodeTargetTemporalId[dt] = (byte) temporalId;
        }
    }

    static int dti(long dtis, int dt) {
        return (int) (dtis >>> 2 * dt) & 3;
    }

    /** Makes this structure a copy of {@code other}, without allocating; copying itself does nothing. */
    public void copyFrom(DependencyStructure other) {
        if (other == this) {
            return;
        }
        templateIdOffset = other.templateIdOffset;
        decodeTargetCount = other.decodeTargetCount;
        chainCount = other.chainCount;
        templateCount = other.templateCount;
        fdiffTotal = other.fdiffTotal;
        maxSpatialId = other.maxSpatialId;
        maxTemporalId = other.maxTemporalId;
        hasResolutions = other.hasResolutions;
        int templates = other.templateCount;
        System.arraycopy(other.templateSpatialId, 0, templateSpatialId, 0, templates);
        System.arraycopy(other.templateTemporalId, 0, templateTemporalId, 0, templates);
        System.arraycopy(other.templateDtis, 0, templateDtis, 0, templates);
        System.arraycopy(other.fdiffStart, 0, fdiffStart, 0, templates);
        System.arraycopy(other.fdiffCount, 0, fdiffCount, 0, templates);
        System.arraycopy(other.fdiffs, 0, fdiffs, 0, other.fdiffTotal);
        System.arraycopy(other.chainFdiffs, 0, chainFdiffs, 0, templates * MAX_CHAINS);
        System.arraycopy(other.protectedBy, 0, protectedBy, 0, MAX_DECODE_TARGETS);
        System.arraycopy(other.decodeTargetSpatialId, 0, decodeTargetSpatialId, 0, MAX_DECODE_TARGETS);
        System.arraycopy(other.decodeTargetTemporalId, 0, decodeTargetTemporalId, 0, MAX_DECODE_TARGETS);
        System.arraycopy(other.renderWidth, 0, renderWidth, 0, renderWidth.length);
        System.arraycopy(other.renderHeight, 0, renderHeight, 0, renderHeight.length);
    }

    /** Empties the structure, as a new one is (for a stream that restarts). */
    public void clear() {
        templateIdOffset = 0;
        decodeTargetCount = 0;
        chainCount = 0;
        templateCount = 0;
        fdiffTotal = 0;
        maxSpatialId = 0;
        maxTemporalId = 0;
        hasResolutions = false;
    }

    /** No structure yet: nothing a packet could refer to. */
    public boolean isEmpty() {
        return templateCount == 0;
    }

    /** template_id_offset: the id of template 0, 0..63. */
    public int templateIdOffset() {
        return templateIdOffset;
    }

    /** Templates in the structure, 1..64; 0 when empty. */
    public int templateCount() {
        return templateCount;
    }

    /**
     * The index of the template a packet names by {@code templateId} ({@code (templateId - templateIdOffset) mod 64}),
     * or -1 when that is not one of this structure's templates.
     */
    public int templateIndex(int templateId) {
        int index = (templateId - templateIdOffset) & (MAX_TEMPLATES - 1);
        return templateId >= 0 && templateId < MAX_TEMPLATES && index < templateCount ? index : -1;
    }

    /** DtCnt, 1..32; 0 when empty. */
    public int decodeTargetCount() {
        return decodeTargetCount;
    }

    /** chain_cnt, 0..{@link #decodeTargetCount()}: 0 when the structure does not use chains. */
    public int chainCount() {
        return chainCount;
    }

    /** MaxSpatialId + 1: 1..4; 0 when empty. */
    public int spatialLayerCount() {
        return isEmpty() ? 0 : maxSpatialId + 1;
    }

    /** MaxTemporalId + 1: 1..8; 0 when empty. */
    public int temporalLayerCount() {
        return isEmpty() ? 0 : maxTemporalId + 1;
    }

    /** Spatial id of template {@code t}; -1 for a template not in the structure. */
    public int templateSpatialId(int t) {
        return hasTemplate(t) ? templateSpatialId[t] : -1;
    }

    /** Temporal id of template {@code t}; -1 for a template not in the structure. */
    public int templateTemporalId(int t) {
        return hasTemplate(t) ? templateTemporalId[t] : -1;
    }

    /**
     * Template {@code t}'s indication for decode target {@code dt}: {@link DependencyDescriptor#NOT_PRESENT},
     * {@code DISCARDABLE}, {@code SWITCH} or {@code REQUIRED}; NOT_PRESENT when either is out of range.
     */
    public int templateDti(int t, int dt) {
        return hasTemplate(t) && hasDecodeTarget(dt) ? dti(templateDtis[t], dt) : DependencyDescriptor.NOT_PRESENT;
    }

    /** All of template {@code t}'s DTIs, decode target dt's in bits 2dt and 2dt + 1; the caller checked {@code t}. */
    long templateDtis(int t) {
        return templateDtis[t];
    }

    /** How many frames template {@code t} refers to; 0 for a template not in the structure. */
    public int templateFdiffCount(int t) {
        return hasTemplate(t) ? fdiffCount[t] : 0;
    }

    /**
     * The {@code i}th frame diff of template {@code t}, 1..16: the frame refers to frame_number minus this (mod
     * 2^16); -1 when either is out of range.
     */
    public int templateFdiff(int t, int i) {
        return hasTemplate(t) && i >= 0 && i < fdiffCount[t] ? fdiffs[fdiffStart[t] + i] : -1;
    }

    /** Copies template {@code t}'s frame diffs to {@code to} and returns how many; the caller checked {@code t}. */
    int copyTemplateFdiffs(int t, int[] to) {
        int count = fdiffCount[t];
        for (int i = 0, from = fdiffStart[t]; i < count; i++) {
            to[i] = fdiffs[from + i];
        }
        return count;
    }

    /**
     * Template {@code t}'s chain diff for chain {@code chain}, 0..15 (0: the frame starts the chain again); -1 when
     * either is out of range.
     */
    public int templateChainFdiff(int t, int chain) {
        return hasTemplate(t) && chain >= 0 && chain < chainCount ? chainFdiffs[t * MAX_CHAINS + chain] : -1;
    }

    /** Copies template {@code t}'s chain diffs to {@code to}; the caller checked {@code t}. */
    void copyTemplateChainFdiffs(int t, int[] to) {
        for (int c = 0; c < chainCount; c++) {
            to[c] = chainFdiffs[t * MAX_CHAINS + c];
        }
    }

    /** The chain protecting decode target {@code dt}; -1 without chains or for a decode target out of range. */
    public int decodeTargetProtectedBy(int dt) {
        return chainCount > 0 && hasDecodeTarget(dt) ? protectedBy[dt] : -1;
    }

    /**
     * The highest spatial id among the templates present in decode target {@code dt} (DTI not NOT_PRESENT): the
     * spatial layer a subscriber decoding it sees. -1 for a decode target out of range.
     */
    public int decodeTargetSpatialId(int dt) {
        return hasDecodeTarget(dt) ? decodeTargetSpatialId[dt] : -1;
    }

    /** The highest temporal id among the templates present in decode target {@code dt}; -1 when out of range. */
    public int decodeTargetTemporalId(int dt) {
        return hasDecodeTarget(dt) ? decodeTargetTemporalId[dt] : -1;
    }

    /** resolutions_present_flag: the structure gives each spatial layer's maximum render size. */
    public boolean hasResolutions() {
        return hasResolutions;
    }

    /** Maximum render width of spatial layer {@code sid}, 1..65536; 0 without resolutions or for a layer not here. */
    public int renderWidth(int sid) {
        return hasResolution(sid) ? renderWidth[sid] : 0;
    }

    /** Maximum render height of spatial layer {@code sid}, 1..65536; 0 without resolutions or for a layer not here. */
    public int renderHeight(int sid) {
        return hasResolution(sid) ? renderHeight[sid] : 0;
    }

    private boolean hasTemplate(int t) {
        return t >= 0 && t < templateCount;
    }

    private boolean hasDecodeTarget(int dt) {
        return dt >= 0 && dt < decodeTargetCount;
    }

    private boolean hasResolution(int sid) {
        return hasResolutions && sid >= 0 && sid <= maxSpatialId;
    }
}
