package io.patchbay.signaling.health;

import io.patchbay.media.transport.MediaPortProbe;

/**
 * Whether this server should get new participants ({@code GET /health/ready}): not while it starts (before its media
 * port first answered a connectivity check), not while it drains, and not when the last self-probe of the media port
 * failed or is older than {@link #PROBE_STALE_MILLIS}. Thread-safe: written by the probe thread and the drain, read
 * by HTTP handlers.
 */
public final class Readiness {
    /** A probe result older than this does not count: the prober itself may be stuck. */
    static final long PROBE_STALE_MILLIS = 15_000;

    /** Why the server is not ready, or READY. */
    public enum State {
        READY("ready"), STARTING("starting"), DRAINING("draining"), MEDIA_PORT_FAILED("media-port-failed");

        private final String wireName;

        State(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private volatile MediaPortProbe.Result lastProbe;
    private volatile long lastProbeAtMillis;
    private volatile boolean everAnswered;
    private volatile boolean draining;
    private final java.util.concurrent.atomic.AtomicLong probesAnswered = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong probesFailed = new java.util.concurrent.atomic.AtomicLong();

    void probed(MediaPortProbe.Result result, long nowMillis) {
        (result.ok() ? probesAnswered : probesFailed).incrementAndGet();
        lastProbe = result;
        lastProbeAtMillis = nowMillis;
        if (result.ok()) everAnswered = true;
    }

    void draining() {
        draining = true;
    }

    /** Self-probes so far that were answered ({@code true}) or failed. */
    public long probes(boolean answered) {
        return (answered ? probesAnswered : probesFailed).get();
    }

    public boolean isDraining() {
        return draining;
    }

    public State state(long nowMillis) {
        if (draining) return State.DRAINING;
        if (!everAnswered) return State.STARTING;
        MediaPortProbe.Result probe = lastProbe;
        if (!probe.ok() || nowMillis - lastProbeAtMillis > PROBE_STALE_MILLIS) return State.MEDIA_PORT_FAILED;
        return State.READY;
    }

    /** The last probe, or null before the first. */
    public MediaPortProbe.Result lastProbe() {
        return lastProbe;
    }

    public long lastProbeAtMillis() {
        return lastProbeAtMillis;
    }
}
