package io.patchbay.media.forward;

/**
 * How much a publisher may send for one video track (REMB, draft-alvestrand-rmcat-remb-03, which Chrome takes as a
 * cap on its send-side estimate). Pure.
 *
 * <p>Without simulcast every subscriber gets the one encoding, so it must fit the weakest subscriber's path: the
 * smallest per-video-track share of the subscribers' estimates after audio. With simulcast each subscriber takes the
 * layer it can afford, so subscribers do not cap the publisher. A publisher without TWCC learns its own uplink only
 * from us, so the receive-side estimate caps it either way.
 */
final class BitrateCapPolicy {
    /** Room left for each audio track on a subscriber's path, headers included. */
    static final long AUDIO_TRACK_BPS = 40_000L;
    /** Never ask a publisher for less than this. */
    static final long FLOOR_BPS = 30_000L;
    static final long NO_CAP = Long.MAX_VALUE;

    private BitrateCapPolicy() {
    }

    /** One subscriber's share for one of its video tracks: (estimate - audio) / video tracks, at least the floor. */
    static long subscriberShare(long estimateBps, int videoTracks, int audioTracks) {
        long videoBps = estimateBps - AUDIO_TRACK_BPS * audioTracks;
        return Math.max(FLOOR_BPS, videoBps / Math.max(1, videoTracks));
    }

    /**
     * @param uplinkEstimateBps the receive-side estimate of the publisher's uplink, or {@link #NO_CAP}
     * @param simulcast         the track has layers (simulcast or SVC): each subscriber takes what fits it
     * @param subscriberShares  each subscriber's {@link #subscriberShare}, for subscribers with an estimate
     * @param count             how many of {@code subscriberShares} are set
     * @return the cap in bits per second, or {@link #NO_CAP} when there is nothing to say
     */
    static long cap(long uplinkEstimateBps, boolean simulcast, long[] subscriberShares, int count) {
        long cap = uplinkEstimateBps;
        if (simulcast) return cap;
        for (int i = 0; i < count; i++) cap = Math.min(cap, subscriberShares[i]);
        return cap;
    }
}
