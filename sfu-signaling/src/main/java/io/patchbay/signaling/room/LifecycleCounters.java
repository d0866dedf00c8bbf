package io.patchbay.signaling.room;

import io.patchbay.core.room.LeaveReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Session lifecycle counts for the metrics endpoint: departures by reason, resumed sessions, refused resumes, ICE
 * restarts and lost sockets. Written on the event loop, read by the scrape (any thread).
 */
public final class LifecycleCounters {
    private final Map<LeaveReason, AtomicLong> departures = new EnumMap<>(LeaveReason.class);
    private final AtomicLong resumed = new AtomicLong();
    private final AtomicLong resumeFailed = new AtomicLong();
    private final AtomicLong iceRestarts = new AtomicLong();
    private final AtomicLong socketsLost = new AtomicLong();
    private final AtomicLong candidatesRefused = new AtomicLong();
    private final AtomicLong tracksRefused = new AtomicLong();
    private final AtomicLong codecSwitches = new AtomicLong();

    /** Told each join-to-media time in milliseconds (the metrics' histogram). */
    private volatile java.util.function.LongConsumer joinToMedia = millis -> { };

    public LifecycleCounters() {
        for (LeaveReason r : LeaveReason.values()) departures.put(r, new AtomicLong());
    }

    /** Where join-to-media times go (set once by the metrics). */
    public void onJoinToMedia(java.util.function.LongConsumer listener) {
        joinToMedia = listener;
    }

    /** From {@code join} to the participant's first connected media connection (ICE and DTLS done). */
    void recordJoinToMedia(long millis) {
        if (millis >= 0) joinToMedia.accept(millis);
    }

    void countDeparture(LeaveReason reason) {
        departures.get(reason).incrementAndGet();
    }

    void countResumed() {
        resumed.incrementAndGet();
    }

    void countResumeFailed() {
        resumeFailed.incrementAndGet();
    }

    void countIceRestart() {
        iceRestarts.incrementAndGet();
    }

    void countCandidateRefused() {
        candidatesRefused.incrementAndGet();
    }

    public long candidatesRefused() {
        return candidatesRefused.get();
    }

    void countTracksRefused(int n) {
        tracksRefused.addAndGet(n);
    }

    public long tracksRefused() {
        return tracksRefused.get();
    }

    void countCodecSwitch() {
        codecSwitches.incrementAndGet();
    }

    /** Publishers asked to send a track in another codec ({@code publish-codec}). */
    public long codecSwitches() {
        return codecSwitches.get();
    }

    void countSocketLost() {
        socketsLost.incrementAndGet();
    }

    public long departures(LeaveReason reason) {
        return departures.get(reason).get();
    }

    public long resumed() {
        return resumed.get();
    }

    public long resumeFailures() {
        return resumeFailed.get();
    }

    public long iceRestarts() {
        return iceRestarts.get();
    }

    public long socketsLost() {
        return socketsLost.get();
    }
}
