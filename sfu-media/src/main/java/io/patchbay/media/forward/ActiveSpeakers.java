package io.patchbay.media.forward;

import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.speaker.DominantSpeakerDetector;
import io.patchbay.media.speaker.LastN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A room's active speakers and what follows from them. Audio levels of every audio track (RFC 6464) feed a
 * {@link DominantSpeakerDetector}; its ranking orders publishers, which sets
 * <ul>
 *   <li>the allocation priority of their video: a screen share first ({@link #SCREEN_PRIORITY}), then the dominant
 *       speaker's camera, then those who spoke by how recently, then everyone else;</li>
 *   <li>with last-N, whose camera video each subscriber receives at all ({@link LastN#select}): the publishers it
 *       pinned, plus the first N of the others in the order (speakers by rank, then those who never spoke in join
 *       order; publishers without camera video take no place). A screen share is never left out.</li>
 * </ul>
 * Media-thread only; allocates only when the ranking, the topology or a subscriber's pins change.
 */
final class ActiveSpeakers {
    static final long EVALUATION_INTERVAL_NANOS = 200_000_000L;
    /** Allocation priority of the dominant speaker's video; the next speakers get one less each. */
    static final int TOP_PRIORITY = 1_000;
    /** Allocation priority of a screen share's video: above every speaker's. */
    static final int SCREEN_PRIORITY = 2 * TOP_PRIORITY;

    private final DominantSpeakerDetector detector = new DominantSpeakerDetector();
    private final Map<Integer, Producer> audioBySpeaker = new HashMap<>();
    private int nextSpeakerId;
    private int[] ranking = new int[16];
    /** Videos per subscriber, or -1 for all. */
    private int lastN = -1;
    /** The order below is stale: recompute everything before using it. */
    private boolean dirty = true;
    private long nextEvaluationNanos;
    /** Publishers with camera video in last-N order as of the last {@link #arrange}, and each one's place in it. */
    private final List<TransportBinding> order = new ArrayList<>();
    private final Map<TransportBinding, Integer> places = new IdentityHashMap<>();

    void setLastN(int n) {
        lastN = n;
        dirty = true;
    }

    /** Publishers came or went, or two transports turned out to be one client's: recompute at the next evaluation. */
    void topologyChanged() {
        dirty = true;
    }

    void onProducerAdded(Producer p) {
        dirty = true;
        if (p.screenShare) p.priority = SCREEN_PRIORITY; // at once: the next evaluation may be 200 ms away
        if (p.isVideo() || p.extensions.audioLevel() <= 0) return;
        int id = nextSpeakerId++;
        if (detector.addSpeaker(id)) {
            p.speakerId = id;
            audioBySpeaker.put(id, p);
        }
    }

    void onProducerRemoved(Producer p) {
        dirty = true;
        if (p.speakerId < 0) return;
        detector.removeSpeaker(p.speakerId);
        audioBySpeaker.remove(p.speakerId);
        p.speakerId = -1;
    }

    /** A transport closed: no subscriber keeps it pinned. */
    void onTransportRemoved(TransportBinding removed, Collection<TransportBinding> bindings) {
        for (TransportBinding b : bindings) {
            if (!b.pinned.contains(removed)) continue;
            List<TransportBinding> rest = new ArrayList<>(b.pinned);
            rest.remove(removed);
            b.pinned = List.copyOf(rest);
        }
    }

    /**
     * A subscriber's pins (replacing its previous ones): it receives these publishers' video besides its last-N.
     * Applied to its consumers at once.
     */
    void setPinned(TransportBinding subscriber, List<TransportBinding> pinned, Collection<TransportBinding> bindings) {
        subscriber.pinned = List.copyOf(pinned);
        if (lastN < 0) return; // nothing is left out, so nothing to bring back
        if (dirty) {
            apply(bindings);
        } else {
            applyLastN(subscriber);
        }
    }

    /**
     * A subscriber got a consumer: its first packets must already follow last-N. Only that consumer is decided, from
     * the order of the last evaluation, unless the order is stale (a publisher came or went since).
     */
    void onConsumerAdded(Consumer c, Collection<TransportBinding> bindings) {
        if (lastN < 0) return;
        if (dirty) {
            apply(bindings);
        } else {
            applyLastN(c, forwardedPlaces(c.subscriber));
        }
    }

    /** One audio packet's level (RFC 6464: V bit, then the level in -dBov); not for retransmissions. */
    void onAudioPacket(Producer p, RtpHeader header, long nowNanos) {
        if (p.speakerId < 0) return;
        int at = header.findExtension(p.extensions.audioLevel());
        if (at < 0 || header.foundExtensionLength() < 1) return;
        int b = header.buffer()[at] & 0xFF;
        detector.onAudioLevel(p.speakerId, b & 0x7F, (b & 0x80) != 0, nowNanos);
    }

    /**
     * Every tick: when due, re-evaluates the ranking; on a change (or after a topology change) updates video
     * priorities and last-N exclusions, and returns the audio producers that have spoken, ranked (dominant first);
     * otherwise null.
     */
    List<Producer> evaluate(Collection<TransportBinding> bindings, long nowNanos) {
        if (nowNanos - nextEvaluationNanos < 0) return null;
        nextEvaluationNanos = nowNanos + EVALUATION_INTERVAL_NANOS;
        boolean changed = detector.evaluate(nowNanos);
        if (!changed && !dirty) return null;
        return apply(bindings);
    }

    /** Updates video priorities and last-N exclusions from the current ranking now; returns the audio ranked. */
    List<Producer> apply(Collection<TransportBinding> bindings) {
        if (ranking.length < detector.rankingSize()) ranking = new int[detector.rankingSize() * 2];
        detector.ranking(ranking);
        int spokenCount = detector.spokenCount();
        List<Producer> rankedAudio = new ArrayList<>(spokenCount);
        List<TransportBinding> spoken = new ArrayList<>();
        for (int i = 0; i < spokenCount; i++) {
            Producer audio = audioBySpeaker.get(ranking[i]);
            if (audio == null) continue;
            rankedAudio.add(audio);
            if (!spoken.contains(audio.publisher)) spoken.add(audio.publisher);
        }
        arrange(bindings, spoken);
        return rankedAudio;
    }

    /**
     * Video priorities and every subscriber's last-N from the publishers that have spoken ({@code spoken}, dominant
     * first; any others come after them in the order they were added).
     */
    void arrange(Collection<TransportBinding> bindings, List<TransportBinding> spoken) {
        dirty = false;
        order.clear();
        places.clear();
        for (TransportBinding b : spoken) {
            if (hasCameraVideo(b)) order.add(b);
        }
        int ranked = order.size();
        for (TransportBinding b : bindings) {
            if (hasCameraVideo(b) && !spoken.contains(b)) order.add(b);
        }
        order.subList(ranked, order.size()).sort(Comparator.comparingLong(b -> b.addedOrder));
        for (int i = 0; i < order.size(); i++) places.put(order.get(i), i);
        for (TransportBinding b : bindings) {
            int rank = spoken.indexOf(b);
            for (Producer p : b.producers) {
                if (!p.isVideo()) continue;
                p.priority = p.screenShare ? SCREEN_PRIORITY : rank >= 0 ? TOP_PRIORITY - rank : 0;
            }
        }
        for (TransportBinding subscriber : bindings) applyLastN(subscriber);
    }

    private void applyLastN(TransportBinding subscriber) {
        if (subscriber.consumers.isEmpty()) return;
        boolean[] forwarded = lastN < 0 ? null : forwardedPlaces(subscriber);
        for (Consumer c : subscriber.consumers) applyLastN(c, forwarded);
    }

    /** {@code forwarded}: by place in the order, or null when last-N is off. */
    private void applyLastN(Consumer c, boolean[] forwarded) {
        if (!c.isVideo()) return;
        Integer place = places.get(c.producer.publisher);
        c.setLastNExcluded(forwarded != null && !c.producer.screenShare && (place == null || !forwarded[place]));
    }

    /** By place in the order: whether {@code subscriber} receives that publisher's camera video. */
    private boolean[] forwardedPlaces(TransportBinding subscriber) {
        int[] others = new int[order.size()];
        int count = 0;
        for (int i = 0; i < order.size(); i++) {
            TransportBinding b = order.get(i);
            if (b != subscriber && b != subscriber.sibling) others[count++] = i;
        }
        int[] pins = new int[subscriber.pinned.size()];
        int pinCount = 0;
        for (TransportBinding b : subscriber.pinned) {
            Integer place = places.get(b);
            if (place != null) pins[pinCount++] = place;
        }
        boolean[] forwarded = new boolean[order.size()];
        for (int place : LastN.select(others, count, Arrays.copyOf(pins, pinCount), lastN)) forwarded[place] = true;
        return forwarded;
    }

    /** Whether a publisher sends video other than a screen share: only those take a last-N place. */
    private static boolean hasCameraVideo(TransportBinding b) {
        for (Producer p : b.producers) {
            if (p.isVideo() && !p.screenShare) return true;
        }
        return false;
    }
}
