package io.patchbay.media;

/** Why a datagram the server meant to send did not leave; each is a bounded metric label. */
public enum SendErrorReason {
    /** No candidate pair to send on yet (before ICE found one, or during a restart with none valid). */
    NO_PATH("no_path"),
    /** SRTP protection failed (too many SSRCs for the session, a crypto error). */
    SRTP("srtp"),
    /** The kernel refused the datagram (no route, unreachable, a closed socket). */
    REFUSED("refused"),
    /** The socket's send buffer stayed full past the short wait: the datagram was dropped. */
    BUFFER_FULL("buffer_full"),
    /**
     * The media thread that sends for this subscriber (a large room's fan-out spread over threads) was a whole lane of
     * packets behind: dropped rather than queued.
     */
    LANE_FULL("lane_full");

    private final String label;

    SendErrorReason(String label) {
        this.label = label;
    }

    /** The Prometheus label value. */
    public String label() {
        return label;
    }
}
