package io.patchbay.core.sdp;

/** A parsed offer or answer that this server cannot negotiate; {@link #code()} says why. */
public final class SdpNegotiationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final SdpNegotiationError error;

    public SdpNegotiationException(SdpNegotiationError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    /** The stable error code, e.g. {@code "sdp-no-bundle"}. */
    public String code() {
        return error.code();
    }

    public SdpNegotiationError error() {
        return error;
    }
}
