package io.patchbay.core.sdp;

import java.util.Objects;

/**
 * One a=rtcp-fb value (RFC 4585 section 4.2, RFC 5104 for ccm): a feedback type such as {@code nack} and an
 * optional parameter such as {@code pli}. {@code parameter} is null when absent.
 */
public record RtcpFeedback(String type, String parameter) {
    public static final RtcpFeedback NACK = new RtcpFeedback("nack", null);
    public static final RtcpFeedback NACK_PLI = new RtcpFeedback("nack", "pli");
    public static final RtcpFeedback CCM_FIR = new RtcpFeedback("ccm", "fir");
    public static final RtcpFeedback TRANSPORT_CC = new RtcpFeedback("transport-cc", null);
    public static final RtcpFeedback GOOG_REMB = new RtcpFeedback("goog-remb", null);

    public RtcpFeedback {
        Objects.requireNonNull(type, "type");
        if (!SdpSyntax.isToken(type)) {
            throw new IllegalArgumentException("rtcp-fb type must be a token");
        }
        if (parameter != null && (parameter.isBlank() || !SdpSyntax.isLineSafe(parameter)
                || !parameter.strip().equals(parameter))) {
            throw new IllegalArgumentException("bad rtcp-fb parameter");
        }
    }

    /** Parses {@code "nack pli"} or {@code "transport-cc"}; null when it is not valid. */
    static RtcpFeedback parseOrNull(String text) {
        String trimmed = text.strip();
        int space = SdpSyntax.indexOfBlank(trimmed);
        String type = space < 0 ? trimmed : trimmed.substring(0, space);
        String parameter = space < 0 ? null : trimmed.substring(space + 1).strip();
        if (!SdpSyntax.isToken(type) || (parameter != null && (parameter.isEmpty() || !SdpSyntax.isLineSafe(parameter)))) {
            return null;
        }
        return new RtcpFeedback(type, parameter);
    }

    /** True when type and parameter match, ignoring case. */
    public boolean sameAs(RtcpFeedback other) {
        return type.equalsIgnoreCase(other.type)
                && (parameter == null ? other.parameter == null : parameter.equalsIgnoreCase(other.parameter));
    }

    /** The text after the payload type in an a=rtcp-fb line. */
    public String toSdpValue() {
        return parameter == null ? type : type + " " + parameter;
    }
}
