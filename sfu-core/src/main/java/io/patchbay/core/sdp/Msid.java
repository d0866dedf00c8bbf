package io.patchbay.core.sdp;

import java.util.Objects;

/**
 * One a=msid value (RFC 8830 section 2): the media stream id and the track id ({@code ""} when absent).
 * JSEP writes {@code -} as the stream id of a track that belongs to no stream.
 */
public record Msid(String streamId, String trackId) {
    public Msid {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(trackId, "trackId");
        if (!SdpSyntax.isToken(streamId) || streamId.length() > 64) {
            throw new IllegalArgumentException("bad msid stream id");
        }
        if (!trackId.isEmpty() && (!SdpSyntax.isToken(trackId) || trackId.length() > 64)) {
            throw new IllegalArgumentException("bad msid track id");
        }
    }

    /** Parses {@code "<stream> [<track>]"}; null when it is not valid. */
    static Msid parseOrNull(String text) {
        String[] parts = SdpValues.fields(text);
        if (parts.length < 1 || parts.length > 2) {
            return null;
        }
        String stream = parts[0];
        String track = parts.length == 2 ? parts[1] : "";
        if (!SdpSyntax.isToken(stream) || stream.length() > 64
                || (!track.isEmpty() && (!SdpSyntax.isToken(track) || track.length() > 64))) {
            return null;
        }
        return new Msid(stream, track);
    }

    /** The value of the a=msid line. */
    public String toSdpValue() {
        return trackId.isEmpty() ? streamId : streamId + " " + trackId;
    }
}
