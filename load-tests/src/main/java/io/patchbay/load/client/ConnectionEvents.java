package io.patchbay.load.client;

/**
 * Moments in the life of one {@link ClientConnection}, for the join-time benchmark; each may be reported more than
 * once (the listener keeps the earliest). Times are {@link System#nanoTime()}. Called on the generator's own threads
 * (receive loop, DTLS handshake thread): implementations must be quick and thread-safe.
 */
public interface ConnectionEvents {
    /** Ignores everything (the default of every connection). */
    ConnectionEvents NONE = new ConnectionEvents() { };

    /**
     * ICE selected a pair: our check got a valid success response (we are controlling and nominate; RFC 8445
     * section 7.2.5.3), or, when controlled, the remote nominated. No check from the remote agent is needed (an
     * ICE-lite server sends none).
     */
    default void iceConnected(long nanos) {
    }

    /**
     * The remote agent's first connectivity check arrived and was answered. A full ICE agent sends one (triggered
     * by ours); an ICE-lite one never does.
     */
    default void remoteIceCheck(long nanos) {
    }

    /** Our DTLS client starts its handshake (sends its ClientHello) on a handshake thread. */
    default void dtlsStarted(long nanos) {
    }

    /** The DTLS handshake completed and the SRTP keys are installed. */
    default void dtlsConnected(long nanos) {
    }

    /**
     * An RTP packet arrived before our side of the DTLS handshake had the keys (it was dropped): the server started
     * sending once its side completed, before our client had read its last flight.
     */
    default void rtpBeforeKeys(long nanos) {
    }

    /** The first RTP packet received once the SRTP keys were known (receiving connections). */
    default void firstRtp(long nanos) {
    }

    /** A PLI (RFC 4585 6.3.1) or FIR (RFC 5104 4.3.1) arrived (publishing connections). */
    default void keyframeRequested(long nanos) {
    }

    /**
     * The first packet of a VP8 keyframe arrived on stream {@code ssrc} (receiving connections that watch keyframes,
     * see {@link ClientConnection#watchKeyframes}); reported for the first keyframe of each stream only.
     */
    default void keyframeReceived(int ssrc, long nanos) {
    }

    /**
     * We sent a PLI for stream {@code ssrc}: it started with a delta frame (its keyframe was missed), as a browser's
     * receiver asks when its first frame cannot be decoded, and again every 200 ms until a keyframe comes (receiving
     * connections that watch keyframes).
     */
    default void keyframeRequestSent(int ssrc, long nanos) {
    }
}
