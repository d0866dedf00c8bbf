package io.patchbay.core.room;

/** The kind of a media track, spelled as in WebRTC ("audio", "video"). */
public enum TrackKind {
    AUDIO("audio"),
    VIDEO("video");

    private final String wireName;

    TrackKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
