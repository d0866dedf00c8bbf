package io.patchbay.core.sdp;

/**
 * Why a session description was refused by {@link SessionDescription#parse(String)}.
 * Each value carries the stable code that goes into logs and to clients; the codes never change meaning.
 */
public enum SdpParseError {
    /** The input is empty or only whitespace. */
    EMPTY("sdp-empty"),
    /** The input is longer than {@link SdpLimits#MAX_SDP_CHARS}. */
    TOO_LARGE("sdp-too-large"),
    /** The input holds a control character (NUL, binary junk) other than CR, LF and TAB. */
    BAD_CHARACTER("sdp-bad-character"),
    /** A line does not follow the grammar of its type. */
    MALFORMED("sdp-malformed"),
    /** A number is not decimal, is negative, overflows, or is outside the range its field allows. */
    BAD_NUMBER("sdp-bad-number"),
    /** A required line (v=, o=, s=, t=) is missing or out of order. */
    MISSING_LINE("sdp-missing-line"),
    /** More m-sections than {@link SdpLimits#MAX_MEDIA_SECTIONS}. */
    TOO_MANY_SECTIONS("sdp-too-many-sections"),
    /** More attributes in one section than {@link SdpLimits#MAX_ATTRIBUTES_PER_SECTION}. */
    TOO_MANY_ATTRIBUTES("sdp-too-many-attributes"),
    /** An a=fingerprint line with a bad hash name or bad hex. */
    BAD_FINGERPRINT("sdp-bad-fingerprint"),
    /** The same mid, payload type mapping or extension id appears twice where only one is allowed. */
    DUPLICATE("sdp-duplicate"),
    /** Valid SDP that this server does not handle (a version other than 0, a media type other than audio, video, application). */
    UNSUPPORTED("sdp-unsupported");

    private final String code;

    SdpParseError(String code) {
        this.code = code;
    }

    /** The stable error code, e.g. {@code "sdp-malformed"}. */
    public String code() {
        return code;
    }
}
