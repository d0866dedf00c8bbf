package io.patchbay.core.sdp;

/** Bounds the parser enforces on untrusted input, so that a hostile description costs little to refuse. */
public final class SdpLimits {
    /** Largest accepted description, in characters (64 KiB; a real browser offer with many tracks is well below). */
    public static final int MAX_SDP_CHARS = 64 * 1024;
    /** Most m-sections in one description. */
    public static final int MAX_MEDIA_SECTIONS = 64;
    /** Most a= lines in the session part or in one m-section. */
    public static final int MAX_ATTRIBUTES_PER_SECTION = 256;
    /** Most characters in one line. */
    public static final int MAX_LINE_CHARS = 4096;

    private SdpLimits() {
    }
}
