package io.patchbay.media.codec;

/** Why {@link H264Sps#parse} found a picture size or not; callers count these like drops. */
public enum H264ParseResult {
    OK,
    /** {@code off}/{@code len} do not describe a region of the array (a caller bug, reported instead of thrown). */
    BAD_BOUNDS,
    /** No bytes at all: not even a NAL unit header. */
    EMPTY,
    /** The payload is neither an SPS NAL unit nor a STAP-A holding one (other NAL types, FU-A, ...). */
    NO_SPS,
    /** A STAP-A aggregation unit's size is 0 or runs past the end of the payload. */
    TRUNCATED_STAP_A,
    /** The SPS ends before its frame cropping fields. */
    TRUNCATED_SPS,
    /** An SPS field is out of its range (H.264 7.4.2.1.1), or the picture size it gives is not 1..16384 pixels. */
    BAD_SPS_VALUE
}
