package io.patchbay.core.sdp;

/** Why an offer or answer could not be negotiated. Each value carries a stable code. */
public enum SdpNegotiationError {
    /** The offer has no audio or video m-section that is not already rejected. */
    NO_MEDIA("sdp-no-media"),
    /** No audio or video m-section offers a codec from {@link CodecTable}. */
    NO_SUPPORTED_CODEC("sdp-no-supported-codec"),
    /** A used m-section has no ice-ufrag or ice-pwd, at media or session level. */
    MISSING_ICE("sdp-missing-ice"),
    /** A used m-section has no a=fingerprint, at media or session level. */
    MISSING_FINGERPRINT("sdp-missing-fingerprint"),
    /** A used m-section has no mid or is not in the BUNDLE group (RFC 8843); this server needs one transport. */
    NO_BUNDLE("sdp-no-bundle"),
    /** A used m-section lacks a=rtcp-mux (RFC 5761); this server needs RTP and RTCP on one port. */
    NO_RTCP_MUX("sdp-no-rtcp-mux"),
    /** The DTLS role cannot work with ours (RFC 8842): an offer must allow us to be passive; an answer must be active or passive. */
    BAD_SETUP("sdp-bad-setup"),
    /** An answer whose m-sections do not match the offer's in count or mids. */
    MISMATCH("sdp-mismatch");

    private final String code;

    SdpNegotiationError(String code) {
        this.code = code;
    }

    /** The stable error code, e.g. {@code "sdp-no-bundle"}. */
    public String code() {
        return code;
    }
}
