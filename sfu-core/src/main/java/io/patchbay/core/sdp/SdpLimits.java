package io.patchbay.core.sdp;

/** Bounds the parser enforces on untrusted input, so that a hostile description costs little to refuse. */
public final class SdpLimits {
    /**
     * Largest accepted description, in characters: a subscriber's answer in a room of 160 participants (about
     * 700 characters per m-section) fits, and so does the JSON message carrying it (the WebSocket limit is 256 KiB).
     */
    public static final int MAX_SDP_CHARS = 240 * 1024;
    /**
     * Most m-sections in one description: a subscriber connection carries one per track it receives, two per other
     * participant with a camera and a microphone. (It was 64, so the 33rd such participant broke everyone's answers.)
     */
    public static final int MAX_MEDIA_SECTIONS = 320;
    /** Most a= lines in the session part or in one m-section. */
    public static final int MAX_ATTRIBUTES_PER_SECTION = 256;
    /** Most characters in one line. */
    public static final int MAX_LINE_CHARS = 4096;

    private SdpLimits() {
    }
}
