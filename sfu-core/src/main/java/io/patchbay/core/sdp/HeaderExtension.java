package io.patchbay.core.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * One a=extmap line (RFC 8285 section 8): the local id, an optional direction, the extension URI and any
 * extension attributes ({@code ""} when none). Ids 1-14 fit the one-byte header form, 1-255 the two-byte form.
 */
public record HeaderExtension(int id, Optional<Direction> direction, String uri, String attributes) {
    public HeaderExtension {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(attributes, "attributes");
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("extmap id out of range: " + id);
        }
        if (!SdpSyntax.isVisibleAscii(uri)) {
            throw new IllegalArgumentException("bad extmap URI");
        }
        if (!SdpSyntax.isLineSafe(attributes) || !attributes.strip().equals(attributes)) {
            throw new IllegalArgumentException("bad extmap attributes");
        }
    }

    public static HeaderExtension of(int id, String uri) {
        return new HeaderExtension(id, Optional.empty(), uri, "");
    }

    /** The value of the a=extmap line. */
    public String toSdpValue() {
        StringBuilder out = new StringBuilder().append(id);
        direction.ifPresent(d -> out.append('/').append(d.token()));
        out.append(' ').append(uri);
        if (!attributes.isEmpty()) {
            out.append(' ').append(attributes);
        }
        return out.toString();
    }
}
