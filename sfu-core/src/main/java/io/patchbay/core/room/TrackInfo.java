package io.patchbay.core.room;

import java.util.List;
import java.util.Objects;

/**
 * What others learn about a published track.
 *
 * @param layers the rids of its simulcast encodings, lowest first; empty without simulcast
 */
public record TrackInfo(TrackId id, TrackKind kind, boolean muted, List<String> layers) {
    public TrackInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        layers = List.copyOf(layers);
    }

    /** A track without simulcast. */
    public TrackInfo(TrackId id, TrackKind kind, boolean muted) {
        this(id, kind, muted, List.of());
    }

    /** True when the publisher sends several simulcast encodings. */
    public boolean simulcast() {
        return !layers.isEmpty();
    }

    public TrackInfo withMuted(boolean value) {
        return new TrackInfo(id, kind, value, layers);
    }
}
