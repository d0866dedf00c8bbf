package io.patchbay.core.sdp;

import java.util.List;
import java.util.Objects;

/** One a=group line (RFC 5888 section 5), e.g. {@code BUNDLE 0 1} (RFC 8843). */
public record SdpGroup(String semantics, List<String> mids) {
    public static final String BUNDLE = "BUNDLE";

    public SdpGroup {
        Objects.requireNonNull(semantics, "semantics");
        if (!SdpSyntax.isToken(semantics)) {
            throw new IllegalArgumentException("bad group semantics");
        }
        mids = List.copyOf(mids);
        for (String mid : mids) {
            if (!SdpSyntax.isToken(mid)) {
                throw new IllegalArgumentException("bad mid in group");
            }
        }
    }

    public boolean isBundle() {
        return semantics.equalsIgnoreCase(BUNDLE);
    }

    /** The value of the a=group line. */
    public String toSdpValue() {
        return mids.isEmpty() ? semantics : semantics + " " + String.join(" ", mids);
    }
}
