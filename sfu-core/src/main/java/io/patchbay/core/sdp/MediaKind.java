package io.patchbay.core.sdp;

import java.util.Optional;

/** The media type of an m-line (RFC 8866 section 5.14). Other types (text, message) are not handled. */
public enum MediaKind {
    AUDIO("audio"),
    VIDEO("video"),
    APPLICATION("application");

    private static final MediaKind[] VALUES = values();

    private final String token;

    MediaKind(String token) {
        this.token = token;
    }

    /** The token as written in an m-line. */
    public String token() {
        return token;
    }

    /** True for audio and video, the kinds that carry RTP. */
    public boolean isRtp() {
        return this != APPLICATION;
    }

    /** The kind for an m-line token (case-sensitive, as RFC 8866 defines them lower case). */
    public static Optional<MediaKind> fromToken(String token) {
        for (MediaKind kind : VALUES) {
            if (kind.token.equals(token)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
