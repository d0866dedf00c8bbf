package io.patchbay.core.sdp;

/**
 * The only exception {@link SessionDescription#parse(String)} throws. It is checked on purpose: SDP comes from
 * clients, so a caller on an event loop must decide what to answer instead of letting it escape.
 * The message names the line number (1-based) when the error belongs to a line, and never echoes more than a
 * short, sanitized excerpt of the input.
 */
public final class SdpParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final SdpParseError error;
    private final int lineNumber;

    public SdpParseException(SdpParseError error, int lineNumber, String message) {
        super(lineNumber > 0 ? "line " + lineNumber + ": " + message : message, null, false, false);
        this.error = error;
        this.lineNumber = lineNumber;
    }

    /** The stable error code, e.g. {@code "sdp-malformed"}. */
    public String code() {
        return error.code();
    }

    public SdpParseError error() {
        return error;
    }

    /** The 1-based line the error belongs to, or 0 when it concerns the whole description. */
    public int lineNumber() {
        return lineNumber;
    }
}
