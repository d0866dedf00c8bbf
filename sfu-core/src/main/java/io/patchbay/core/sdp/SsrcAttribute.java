package io.patchbay.core.sdp;

import java.util.Objects;

/**
 * One a=ssrc line (RFC 5576 section 4.1): a source, an attribute name such as {@code cname} or {@code msid},
 * and its value ({@code ""} when the line has none).
 */
public record SsrcAttribute(long ssrc, String name, String value) {
    /** Largest SSRC (an unsigned 32-bit value). */
    public static final long MAX_SSRC = 0xFFFF_FFFFL;

    public SsrcAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (ssrc < 0 || ssrc > MAX_SSRC) {
            throw new IllegalArgumentException("ssrc out of range: " + ssrc);
        }
        if (!SdpSyntax.isToken(name)) {
            throw new IllegalArgumentException("bad ssrc attribute name");
        }
        if (!SdpSyntax.isLineSafe(value) || !value.strip().equals(value)) {
            throw new IllegalArgumentException("bad ssrc attribute value");
        }
    }

    /** The value of the a=ssrc line. */
    public String toSdpValue() {
        return value.isEmpty() ? ssrc + " " + name : ssrc + " " + name + ":" + value;
    }
}
