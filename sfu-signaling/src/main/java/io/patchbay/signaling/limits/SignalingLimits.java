package io.patchbay.signaling.limits;

import io.patchbay.media.MediaLimits;

/**
 * What clients may make this server hold (docs/operations.md, Limits and abuse). Each is {@code patchbay.limits.*}
 * in the configuration, or a {@code PATCHBAY_MAX_*} environment variable.
 *
 * @param connectionsPerIp      open HTTP connections (WebSockets included) from one remote address; the next one is
 *                              answered 429 {@code too-many-connections}. Behind a reverse proxy every client has the
 *                              proxy's address, so raise it there
 * @param participants          participants on this server (all rooms, sessions held for a resume included); the
 *                              next {@code join} gets {@code server-full}
 * @param tracksPerParticipant  tracks one participant publishes at once; sending m-sections beyond it are rejected
 *                              (port 0) with {@code too-many-tracks}
 * @param media                 what one peer connection may send and hold, and DTLS handshakes at once
 */
public record SignalingLimits(int connectionsPerIp, int participants, int tracksPerParticipant, MediaLimits media,
                              int lastN) {
    /** Most video tracks one subscriber receives in rooms that set no {@code lastN}: -1, all of them. */
    public static final int NO_LAST_N = -1;
    /** The largest {@code lastN} a room may set. */
    public static final int MAX_LAST_N = 64;

    /**
     * 64 connections per address (a browser holds one WebSocket per tab); 300 participants, about what 2 cores
     * forward to without delay building up (300 receivers of one publisher, README load test); 16 tracks.
     */
    public static final SignalingLimits DEFAULTS = new SignalingLimits(64, 300, 16);

    /** The media plane's defaults ({@link MediaLimits#DEFAULTS}). */
    public SignalingLimits(int connectionsPerIp, int participants, int tracksPerParticipant) {
        this(connectionsPerIp, participants, tracksPerParticipant, MediaLimits.DEFAULTS, NO_LAST_N);
    }

    /** No default last-N. */
    public SignalingLimits(int connectionsPerIp, int participants, int tracksPerParticipant, MediaLimits media) {
        this(connectionsPerIp, participants, tracksPerParticipant, media, NO_LAST_N);
    }

    public SignalingLimits {
        java.util.Objects.requireNonNull(media, "media");
        if (connectionsPerIp < 1) throw new IllegalArgumentException("limits.connections-per-ip must be at least 1");
        if (participants < 1) throw new IllegalArgumentException("limits.participants must be at least 1");
        if (tracksPerParticipant < 1) {
            throw new IllegalArgumentException("limits.tracks-per-participant must be at least 1");
        }
        if (lastN < NO_LAST_N || lastN > MAX_LAST_N) {
            throw new IllegalArgumentException("limits.last-n must be -1 (all) or 0.." + MAX_LAST_N);
        }
    }

    public SignalingLimits withConnectionsPerIp(int limit) {
        return new SignalingLimits(limit, participants, tracksPerParticipant, media, lastN);
    }

    public SignalingLimits withParticipants(int limit) {
        return new SignalingLimits(connectionsPerIp, limit, tracksPerParticipant, media, lastN);
    }

    public SignalingLimits withTracksPerParticipant(int limit) {
        return new SignalingLimits(connectionsPerIp, participants, limit, media, lastN);
    }

    public SignalingLimits withLastN(int n) {
        return new SignalingLimits(connectionsPerIp, participants, tracksPerParticipant, media, n);
    }

    public SignalingLimits withMedia(MediaLimits limits) {
        return new SignalingLimits(connectionsPerIp, participants, tracksPerParticipant, limits, lastN);
    }
}
