package io.patchbay.load.peer;

/** Audio or video, as in an m-line. */
public enum MediaKind {
    AUDIO, VIDEO;

    static MediaKind of(String mLineKind) {
        return switch (mLineKind) {
            case "audio" -> AUDIO;
            case "video" -> VIDEO;
            default -> null;
        };
    }
}
