package io.patchbay.signaling.cluster;

/**
 * The streams one relay link carries toward another node, against its limit (the relay's SRTP contexts per direction,
 * {@link io.patchbay.media.relay.RelayTransport#MAX_SSRCS}): a track whose streams would not fit is not relayed,
 * rather than evicting the SRTP state of streams that flow. Room segment's thread only.
 */
final class RelayBudget {
    private final int maxSsrcs;
    private int used;
    private boolean refused;

    RelayBudget(int maxSsrcs) {
        if (maxSsrcs < 1) throw new IllegalArgumentException("maxSsrcs must be positive");
        this.maxSsrcs = maxSsrcs;
    }

    /** SSRCs a track takes on the link: one per layer, twice that for video (RTX). */
    static int ssrcsFor(int layers, boolean video) {
        return Math.max(1, layers) * (video ? 2 : 1);
    }

    /** SSRCs the streams of a relayed track hold: each stream's, and its RTX one if it has one. */
    static int ssrcsOf(java.util.List<io.patchbay.media.forward.RelayStream> streams) {
        int n = 0;
        for (io.patchbay.media.forward.RelayStream s : streams) n += s.rtxSsrc() == 0 ? 1 : 2;
        return n;
    }

    /** Takes {@code ssrcs} if they fit; false (and nothing taken) if not. */
    boolean reserve(int ssrcs) {
        if (used + ssrcs > maxSsrcs) {
            return false;
        }
        used += ssrcs;
        return true;
    }

    void release(int ssrcs) {
        used = Math.max(0, used - ssrcs);
    }

    int used() {
        return used;
    }

    int max() {
        return maxSsrcs;
    }

    /** True the first time only: one warning per link, not one per refused track. */
    boolean firstRefusal() {
        if (refused) return false;
        refused = true;
        return true;
    }
}
