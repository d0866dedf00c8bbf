package io.patchbay.core.sdp;

import java.util.Objects;

/**
 * A line the model does not interpret, kept so that it is written back: at session level i=, u=, e=, p=, c=, b=,
 * t=, r=, z=, k=; in an m-section i=, b=, k=. {@code value} is the text after {@code "x="}.
 */
public record RawLine(char type, String value) {
    /** Line types in the order RFC 8866 section 5 requires in the session part. */
    static final String SESSION_ORDER = "iuepcbtrzk";
    /** Line types (besides m=, c= and a=) in the order RFC 8866 requires in an m-section. */
    static final String MEDIA_ORDER = "ibk";

    public RawLine {
        Objects.requireNonNull(value, "value");
        if (SESSION_ORDER.indexOf(type) < 0) {
            throw new IllegalArgumentException("not a line type kept raw: " + type);
        }
        if (!SdpSyntax.isLineSafe(value)) {
            throw new IllegalArgumentException("line value holds CR, LF or NUL");
        }
    }

    String toSdpLine() {
        return type + "=" + value;
    }
}
