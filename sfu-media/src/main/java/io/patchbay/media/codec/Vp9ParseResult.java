package io.patchbay.media.codec;

/** Why {@link Vp9PayloadDescriptor#parse} accepted or rejected a VP9 RTP payload; callers count drops by this reason. */
public enum Vp9ParseResult {
    OK,
    /** {@code off}/{@code len} do not describe a region of the array (a caller bug, reported instead of thrown). */
    BAD_BOUNDS,
    /** No bytes at all: not even the first descriptor byte (I, P, L, F, B, E, V, Z). */
    EMPTY,
    /** I is set but the 7-bit PICTURE ID byte, or the second byte of a 15-bit one (M set), is missing. */
    TRUNCATED_PICTURE_ID,
    /** L is set but the layer indices byte (TID, U, SID, D) is missing. */
    TRUNCATED_LAYER_INDICES,
    /** Non-flexible mode (F=0) with L set, but the TL0PICIDX byte is missing. */
    TRUNCATED_TL0PICIDX,
    /** Flexible mode with P set (or a previous P_DIFF with N set), but the next P_DIFF byte is missing. */
    TRUNCATED_REFERENCES,
    /** The third P_DIFF has N set: more than the 3 reference indices the format allows. */
    TOO_MANY_REFERENCES,
    /**
     * Flexible mode with P set but no PICTURE ID (I=0): the P_DIFFs would count back from nothing. RFC 9628 requires
     * the PICTURE ID in flexible mode; libwebrtc rejects such packets too.
     */
    REFERENCES_WITHOUT_PICTURE_ID,
    /** V is set but the scalability structure's first byte (N_S, Y, G) is missing. */
    TRUNCATED_SS,
    /** Y is set but fewer than the 4 bytes of WIDTH and HEIGHT per spatial layer (N_S + 1 of them) follow. */
    TRUNCATED_SS_RESOLUTION,
    /** G is set but N_G, a picture's TID/U/R byte, or one of its R P_DIFF bytes is missing. */
    TRUNCATED_SS_PICTURE_GROUP,
    /** The descriptor is complete but no VP9 payload follows it (libwebrtc rejects such packets too). */
    NO_PAYLOAD
}
