package io.patchbay.media.codec;

/**
 * Why {@link DependencyDescriptor#parse} accepted or rejected a dependency descriptor header extension; callers count
 * drops by this reason.
 */
public enum DependencyParseResult {
    OK,
    /** {@code off}/{@code len} do not describe a region of the array (a caller bug, reported instead of thrown). */
    BAD_BOUNDS,
    /**
     * The descriptor carries a template dependency structure but no scratch structure was given to parse it into, or
     * the scratch is the current structure itself (a caller bug, reported instead of thrown).
     */
    BAD_SCRATCH,
    /** No bytes at all. */
    EMPTY,
    /** Longer than {@link DependencyDescriptor#MAX_LENGTH}, the most an RFC 8285 header extension element holds. */
    TOO_LONG,
    /** 1 or 2 bytes: the mandatory fields (start and end of frame, template id, frame number) take 3. */
    TRUNCATED,
    /** The template dependency structure runs past the end of the descriptor. */
    TRUNCATED_STRUCTURE,
    /**
     * The active decode targets bitmask, or the frame's custom DTIs, frame diffs or chain diffs, run past the end of
     * the descriptor.
     */
    TRUNCATED_FRAME_FIELDS,
    /** The structure's template layers go beyond {@link DependencyStructure#MAX_TEMPLATES} templates. */
    TOO_MANY_TEMPLATES,
    /** The structure's template layers go beyond spatial id {@link DependencyStructure#MAX_SPATIAL_ID}. */
    TOO_MANY_SPATIAL_LAYERS,
    /** The structure's template layers go beyond temporal id {@link DependencyStructure#MAX_TEMPORAL_ID}. */
    TOO_MANY_TEMPORAL_LAYERS,
    /**
     * The descriptor neither carries a template dependency structure nor has a current one to refer to (the packet
     * that carried it was lost, or the stream started without one).
     */
    NO_STRUCTURE,
    /**
     * The frame's template id is outside the structure's range, template_id_offset to template_id_offset + template
     * count - 1 (mod 64): most likely the packet with a newer structure was lost or is late.
     */
    UNKNOWN_TEMPLATE
}
