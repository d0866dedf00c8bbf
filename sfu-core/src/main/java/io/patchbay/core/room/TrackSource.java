package io.patchbay.core.room;

import java.util.Optional;

/**
 * What a published track captures, as its publisher declares it (docs/protocol.md, the {@code offer}'s
 * {@code sources}): a screen share is forwarded to everyone and served first; the rest follow the active speaker.
 * Spelled on the wire as {@code "camera"}, {@code "microphone"}, {@code "screen"}.
 */
public enum TrackSource {
    /** Video from a camera (getUserMedia): the default for video. */
    CAMERA("camera"),
    /** Audio from a microphone: the default for audio. */
    MICROPHONE("microphone"),
    /** A captured screen, window or tab (getDisplayMedia), video or its audio. */
    SCREEN("screen");

    private final String wireName;

    TrackSource(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The source of a track whose publisher did not say: camera video, microphone audio. */
    public static TrackSource defaultFor(TrackKind kind) {
        return kind == TrackKind.AUDIO ? MICROPHONE : CAMERA;
    }

    /** Whether a track of {@code kind} may have this source: camera is video only, microphone audio only. */
    public boolean fits(TrackKind kind) {
        return this == SCREEN || this == defaultFor(kind);
    }

    /** The source with this wire name, or empty. */
    public static Optional<TrackSource> fromWire(String name) {
        for (TrackSource s : values()) {
            if (s.wireName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
