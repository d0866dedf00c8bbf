package io.patchbay.core.sdp;

import java.util.List;
import java.util.Objects;

/**
 * One a=ssrc-group line (RFC 5576 section 4.2), e.g. {@code FID 1111 2222}: an RTX pairing (RFC 4588) with the
 * media SSRC first and its retransmission SSRC second.
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    public static final String FID = "FID";
    public static final String SIM = "SIM";

    public SsrcGroup {
        Objects.requireNonNull(semantics, "semantics");
        if (!SdpSyntax.isToken(semantics)) {
            throw new IllegalArgumentException("bad ssrc-group semantics");
        }
        ssrcs = List.copyOf(ssrcs);
        if (ssrcs.isEmpty()) {
            throw new IllegalArgumentException("an ssrc-group lists at least one ssrc");
        }
        for (long ssrc : ssrcs) {
            if (ssrc < 0 || ssrc > SsrcAttribute.MAX_SSRC) {
                throw new IllegalArgumentException("ssrc out of range: " + ssrc);
            }
        }
    }

    /** True for the given semantics, ignoring case. */
    public boolean is(String name) {
        return semantics.equalsIgnoreCase(name);
    }

    /** The value of the a=ssrc-group line. */
    public String toSdpValue() {
        StringBuilder out = new StringBuilder(semantics);
        for (long ssrc : ssrcs) {
            out.append(' ').append(ssrc);
        }
        return out.toString();
    }
}
