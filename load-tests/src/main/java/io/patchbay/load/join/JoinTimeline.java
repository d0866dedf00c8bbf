package io.patchbay.load.join;

import io.patchbay.load.client.ConnectionEvents;
import io.patchbay.load.report.JoinPhase;
import io.patchbay.load.sfu.ParticipantEvents;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The timestamps of one join: the first time each {@link JoinPhase} was reached, from the events of the joining
 * participant (its signaling and both of its connections) and of the publishers already in the room (their
 * keyframe requests). The origin is the moment the participant started opening its WebSocket. Thread-safe: events
 * come from the joining thread, the WebSocket thread, the offer pool, the receive loop and DTLS threads.
 */
public final class JoinTimeline implements ParticipantEvents {
    private static final long UNSET = Long.MIN_VALUE;

    private final int publishersInRoom;
    private final AtomicLongArray at = new AtomicLongArray(JoinPhase.values().length);
    private volatile long origin = UNSET;
    private final Set<Integer> keyframeStreams = ConcurrentHashMap.newKeySet();
    private final Set<Integer> publishersWithOwnVideo = ConcurrentHashMap.newKeySet();

    private final ConnectionEvents publisher = new ConnectionEvents() {
        @Override
        public void iceConnected(long nanos) {
            reach(JoinPhase.PUBLISHER_ICE, nanos);
        }

        @Override
        public void remoteIceCheck(long nanos) {
            reach(JoinPhase.PUBLISHER_SERVER_CHECK, nanos);
        }

        @Override
        public void dtlsStarted(long nanos) {
            reach(JoinPhase.PUBLISHER_DTLS_START, nanos);
        }

        @Override
        public void dtlsConnected(long nanos) {
            reach(JoinPhase.PUBLISHER_DTLS, nanos);
        }

        @Override
        public void keyframeRequested(long nanos) {
            reach(JoinPhase.OWN_KEYFRAME_REQUESTED, nanos);
        }
    };

    private final ConnectionEvents subscriber = new ConnectionEvents() {
        @Override
        public void iceConnected(long nanos) {
            reach(JoinPhase.SUBSCRIBER_ICE, nanos);
        }

        @Override
        public void remoteIceCheck(long nanos) {
            reach(JoinPhase.SUBSCRIBER_SERVER_CHECK, nanos);
        }

        @Override
        public void dtlsStarted(long nanos) {
            reach(JoinPhase.SUBSCRIBER_DTLS_START, nanos);
        }

        @Override
        public void dtlsConnected(long nanos) {
            reach(JoinPhase.SUBSCRIBER_DTLS, nanos);
        }

        @Override
        public void rtpBeforeKeys(long nanos) {
            reach(JoinPhase.EARLY_RTP, nanos);
        }

        @Override
        public void firstRtp(long nanos) {
            reach(JoinPhase.FIRST_RTP, nanos);
        }

        @Override
        public void keyframeRequestSent(int ssrc, long nanos) {
            reach(JoinPhase.PLI_SENT, nanos);
        }

        @Override
        public void keyframeReceived(int ssrc, long nanos) {
            reach(JoinPhase.FIRST_KEYFRAME, nanos);
            keyframeStreams.add(ssrc);
            if (keyframeStreams.size() >= publishersInRoom) reach(JoinPhase.ALL_KEYFRAMES, nanos);
        }
    };

    /** @param publishersInRoom video streams the participant receives (one per publisher already in the room) */
    public JoinTimeline(int publishersInRoom) {
        this.publishersInRoom = publishersInRoom;
        for (int i = 0; i < at.length(); i++) at.set(i, UNSET);
    }

    @Override
    public void connecting(long nanos) {
        if (origin == UNSET) origin = nanos;
    }

    @Override
    public void webSocketOpen(long nanos) {
        reach(JoinPhase.WEBSOCKET_OPEN, nanos);
    }

    @Override
    public void joined(long nanos) {
        reach(JoinPhase.JOINED, nanos);
    }

    @Override
    public void publisherOfferSent(long nanos) {
        reach(JoinPhase.PUBLISHER_OFFER_SENT, nanos);
    }

    @Override
    public void publisherAnswerReceived(long nanos) {
        reach(JoinPhase.PUBLISHER_ANSWER, nanos);
    }

    @Override
    public void subscriberOfferReceived(long nanos) {
        reach(JoinPhase.SUBSCRIBER_OFFER, nanos);
    }

    @Override
    public void subscriberAnswerSent(long nanos) {
        reach(JoinPhase.SUBSCRIBER_ANSWER, nanos);
    }

    @Override
    public ConnectionEvents publisher() {
        return publisher;
    }

    @Override
    public ConnectionEvents subscriber() {
        return subscriber;
    }

    /**
     * A publisher already in the room got a PLI/FIR: the server asking for a keyframe for this participant. Requests
     * before this join started are not its own and are ignored.
     */
    public void keyframeRequestedOfPublisher(long nanos) {
        long o = origin;
        if (o != UNSET && nanos - o >= 0) reach(JoinPhase.KEYFRAME_REQUESTED, nanos);
    }

    /**
     * Publisher {@code index} of the room received the first packet of a keyframe on a new video stream: the new
     * participant's own video (the publishers' other streams had their keyframes before this join started).
     */
    public void ownVideoKeyframeAt(int publisherIndex, long nanos) {
        long o = origin;
        if (o == UNSET || nanos - o < 0) return;
        publishersWithOwnVideo.add(publisherIndex);
        if (publishersWithOwnVideo.size() >= publishersInRoom) reach(JoinPhase.OWN_VIDEO_AT_PUBLISHERS, nanos);
    }

    /** Keeps the earliest report of {@code phase} (two threads may see one moment, e.g. a message's arrival). */
    private void reach(JoinPhase phase, long nanos) {
        int i = phase.ordinal();
        while (true) {
            long current = at.get(i);
            if (current != UNSET && current - nanos <= 0) return;
            if (at.compareAndSet(i, current, nanos)) break;
        }
        synchronized (this) {
            notifyAll();
        }
    }

    public boolean reached(JoinPhase phase) {
        return at.get(phase.ordinal()) != UNSET && origin != UNSET;
    }

    /** Milliseconds from the origin to {@code phase}, or NaN if it was not reached. */
    public double ms(JoinPhase phase) {
        long t = at.get(phase.ordinal());
        long o = origin;
        return t == UNSET || o == UNSET ? Double.NaN : (t - o) / 1e6;
    }

    /** Phase id -> milliseconds (rounded to microseconds) of the phases reached, in {@link JoinPhase} order. */
    public Map<String, Double> phaseMs() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (JoinPhase p : JoinPhase.values()) {
            double ms = ms(p);
            if (!Double.isNaN(ms)) out.put(p.id(), Math.round(ms * 1000) / 1000.0);
        }
        return out;
    }

    /** The first phase in {@link JoinPhase} order, optional ones aside, not reached; or null. */
    public JoinPhase firstMissing() {
        for (JoinPhase p : JoinPhase.values()) {
            if (!p.optional() && !reached(p)) return p;
        }
        return null;
    }

    /** Waits until every phase of {@code phases} is reached or {@code untilNanos} passes; true if all were. */
    public boolean await(Set<JoinPhase> phases, long untilNanos) throws InterruptedException {
        synchronized (this) {
            while (true) {
                if (phases.stream().allMatch(this::reached)) return true;
                long left = untilNanos - System.nanoTime();
                if (left <= 0) return false;
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Every phase but the optional ones (a new set). */
    public static EnumSet<JoinPhase> required() {
        EnumSet<JoinPhase> required = EnumSet.noneOf(JoinPhase.class);
        for (JoinPhase p : JoinPhase.values()) {
            if (!p.optional()) required.add(p);
        }
        return required;
    }
}
