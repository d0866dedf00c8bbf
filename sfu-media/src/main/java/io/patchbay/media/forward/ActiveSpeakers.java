package io.patchbay.media.forward;

import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.speaker.DominantSpeakerDetector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A room's active speakers and what follows from them: audio levels of every audio track (RFC 6464) feed a
 * {@link DominantSpeakerDetector}; its ranking orders publishers, which sets the allocation priority of their video
 * (the dominant speaker's first) and, with last-N, which publishers' video each subscriber receives at all (the N
 * most recent speakers other than itself; publishers that never spoke fill the remaining places in join order).
 * Media-thread only; allocates only when the ranking or the topology changes.
 */
final class ActiveSpeakers {
    static final long EVALUATION_INTERVAL_NANOS = 200_000_000L;
    /** Allocation priority of the dominant speaker's video; the next speakers get one less each. */
    static final int TOP_PRIORITY = 1_000;

    private final DominantSpeakerDetector detector = new DominantSpeakerDetector();
    private final Map<Integer, Producer> audioBySpeaker = new HashMap<>();
    private int nextSpeakerId;
    private int[] ranking = new int[16];
    private int rankingSize;
    /** Videos per subscriber, or -1 for all. */
    private int lastN = -1;
    private boolean dirty = true;
    private long nextEvaluationNanos;

    void setLastN(int n) {
        lastN = n;
        dirty = true;
    }

    int lastN() {
        return lastN;
    }

    /** Publishers came or went, or subscriptions changed: recompute at the next evaluation. */
    void topologyChanged() {
        dirty = true;
    }

    void onProducerAdded(Producer p) {
        dirty = true;
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

    /**
     * Updates video priorities and last-N exclusions from the current ranking now (a subscriber or publisher just
     * arrived: its first packets must already follow last-N); returns the audio producers ranked.
     */
    List<Producer> apply(Collection<TransportBinding> bindings) {
        dirty = false;
        if (ranking.length < detector.rankingSize()) ranking = new int[detector.rankingSize() * 2];
        rankingSize = detector.ranking(ranking);
        int spokenCount = detector.spokenCount();
        List<Producer> rankedAudio = new ArrayList<>(spokenCount);
        List<TransportBinding> publishers = new ArrayList<>();
        for (int i = 0; i < spokenCount; i++) {
            Producer audio = audioBySpeaker.get(ranking[i]);
            if (audio == null) continue;
            rankedAudio.add(audio);
            if (!publishers.contains(audio.publisher)) publishers.add(audio.publisher);
        }
        int spoken = publishers.size();
        for (TransportBinding b : bindings) {
            if (!b.producers.isEmpty() && !publishers.contains(b)) publishers.add(b);
        }
        publishers.subList(spoken, publishers.size()).sort(java.util.Comparator.comparingLong(b -> b.addedOrder));
        for (int i = 0; i < publishers.size(); i++) {
            for (Producer p : publishers.get(i).producers) {
                if (p.isVideo()) p.priority = i < spoken ? TOP_PRIORITY - i : 0;
            }
        }
        for (TransportBinding subscriber : bindings) {
            for (Consumer c : subscriber.consumers) {
                if (c.isVideo()) c.setLastNExcluded(lastN >= 0 && !within(publishers, subscriber, c.producer.publisher));
            }
        }
        return rankedAudio;
    }

    /** Whether {@code publisher} is among the first {@link #lastN} publishers other than the subscriber itself. */
    private boolean within(List<TransportBinding> publishers, TransportBinding subscriber, TransportBinding publisher) {
        int place = 0;
        for (TransportBinding b : publishers) {
            if (b == subscriber || b == subscriber.sibling) continue;
            if (b == publisher) return place < lastN;
            place++;
        }
        return false;
    }
}
