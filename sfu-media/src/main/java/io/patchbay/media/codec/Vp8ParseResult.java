package io.patchbay.media.codec;

/** Why {@link Vp8PayloadDescriptor#parse} accepted or rejected a VP8 RTP payload; callers count drops by this reason. */
public enum Vp8ParseResult {
    OK,
    /** {@code off}/{@code len} do not describe a region of the array (a caller bug, reported instead of thrown). */
    BAD_BOUNDS,
    /** No bytes at all: not even the first descriptor byte. */
    EMPTY,
    /** X is set but the extension byte (I, L, T, K) is missing. */
    TRUNCATED_EXTENSION,
    /** I is set but the 7-bit PictureID byte, or the second byte of a 15-bit one (M set), is missing. */
    TRUNCATED_PICTURE_ID,
    /** L is set but the TL0PICIDX byte is missing. */
    TRUNCATED_TL0PICIDX,
    /** T or K is set but the TID/Y/KEYIDX byte is missing. */
    TRUNCATED_TID_KEYIDX,
    /** The descriptor is complete but no VP8 payload follows it (libwebrtc rejects such packets too). */
    NO_PAYLOAD,
    /** The packet starts a key frame but holds fewer than the 10 bytes of frame tag, start code and dimensions. */
    TRUNCATED_KEYFRAME_HEADER,
    /** The packet starts a key frame but the bytes after the frame tag are not the start code 0x9D 0x01 0x2A. */
    BAD_START_CODE
}
