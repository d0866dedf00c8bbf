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
    /**
     * Subscribers never ask a publisher for less than this. The one encoding is everyone's: below about 150 kbps
     * Chromium's VP8 falls to 240 lines at under 10 fps, a slideshow for every subscriber. And it is a ratchet: capped,
     * the publisher sends less, the subscriber's estimate can only grow from what it receives, and at 5% random loss
     * its loss windows now and then read above 10% and push it down again, so a three-party call ended at 30 kbps and
     * 2-9 fps (NetworkResilienceBrowserTest, one run in two). A subscriber that cannot take this much gets loss instead
     * of everyone getting a slideshow. The publisher's own uplink estimate still caps it below this.
     */
    static final long FLOOR_BPS = 150_000L;
    static final long NO_CAP = Long.MAX_VALUE;
    /** How long a subscriber's congestion makes its estimate a limit for publishers. */
    static final long CONGESTION_MEMORY_NANOS = 10_000_000_000L;

    private BitrateCapPolicy() {
    }

    /** One subscriber's share for one of its video tracks: (estimate - audio) / video tracks, at least the floor. */
    static long subscriberShare(long estimateBps, int videoTracks, int audioTracks) {
        long videoBps = estimateBps - AUDIO_TRACK_BPS * audioTracks;
        return Math.max(FLOOR_BPS, videoBps / Math.max(1, videoTracks));
    }

    /**
     * One subscriber's share for one of its video tracks when the others' rates are known: the equal share, or what
     * the other video tracks leave of the estimate if that is more (max-min fairness: a track whose publisher sends
     * less than its share, because its own uplink is poor or its camera is still, leaves the rest to the others).
     * Without this the caps settle on a fixed point: the estimate of a subscriber can only grow to 1.5 times what it
     * receives (GCC's bound on an application-limited path), what it receives is what the caps allow, and an equal
     * split of that kept a three-party call at 150 kbps per publisher when one of them could only send 40.
     *
     * @param othersVideoBps what this subscriber's other video tracks carry now
     */
    static long subscriberShare(long estimateBps, int videoTracks, int audioTracks, long othersVideoBps) {
        long videoBps = estimateBps - AUDIO_TRACK_BPS * audioTracks;
        return Math.max(subscriberShare(estimateBps, videoTracks, audioTracks), videoBps - othersVideoBps);
    }

    /**
     * Whether a subscriber's estimate may cap publishers: only when its path showed congestion (a delay or loss
     * decrease) in the last {@link #CONGESTION_MEMORY_NANOS}. Otherwise the estimate is application-limited: GCC lets
     * it grow only to 1.5 times what the path carries, so it says what the path carried, not what it cannot; capping
     * publishers by it kept a three-party call at 5% loss at the 150 kbps floor (each publisher capped by the others'
     * estimates, which could not grow because the publishers were capped), in one fresh-clone run of the suite even
     * with the max-min share.
     */
    static boolean showsLimit(long lastCongestionNanos, long nowNanos) {
        return lastCongestionNanos != Long.MIN_VALUE && nowNanos - lastCongestionNanos < CONGESTION_MEMORY_NANOS;
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
