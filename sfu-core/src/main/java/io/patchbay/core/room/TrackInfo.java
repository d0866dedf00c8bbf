package io.patchbay.core.room;

/** What others learn about a published track. */
public record TrackInfo(TrackId id, TrackKind kind, boolean muted) {
    public TrackInfo withMuted(boolean value) {
        return new TrackInfo(id, kind, value);
    }
}
