package io.patchbay.core.room;

import java.util.List;
import java.util.Objects;

/**
 * What others learn about a published track.
 *
 * @param layers the rids of its simulcast encodings, lowest first; empty without simulcast
 * @param source what it captures, as its publisher declared it (camera or microphone when it did not)
 */
public record TrackInfo(TrackId id, TrackKind kind, boolean muted, List<String> layers, TrackSource source) {
    public TrackInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        if (!source.fits(kind)) throw new IllegalArgumentException(source + " is not a source of " + kind);
        layers = List.copyOf(layers);
    }

    /** A track of its kind's default source (camera video, microphone audio). */
    public TrackInfo(TrackId id, TrackKind kind, boolean muted, List<String> layers) {
        this(id, kind, muted, layers, TrackSource.defaultFor(kind));
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
        return new TrackInfo(id, kind, value, layers, source);
    }
}
