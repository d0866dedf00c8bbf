package io.patchbay.signaling.ws;

/** A client error answered with an {@code error} message; the session stays usable. */
public final class SignalingException extends Exception {
    private final String code;

    public SignalingException(ErrorCode code, String message) {
        this(code.wire(), message);
    }

    /** For codes defined elsewhere (SDP negotiation codes such as {@code sdp-no-supported-codec}). */
    public SignalingException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
