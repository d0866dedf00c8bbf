package io.patchbay.signaling.impair;

import java.util.SplittableRandom;

/**
 * Decides the fate of each impaired packet on one link (one direction, shared by the clients without a profile of
 * their own, or one client's own): drop it, or send it at a given time. No I/O and no clock of its own: the caller
 * passes the arrival time, so a test can drive it on made-up times.
 *
 * <p>Deterministic: loss, jitter and reordering each draw from their own generator split from one seed, exactly
 * one draw each per packet whatever the profile, so a given seed and packet order give the same outcome and the
 * loss pattern does not depend on the delay settings.
 *
 * <p>Thread: {@link #decide} is called by one thread only (the relay's receive thread); {@link #setProfile} may be
 * called from any thread and takes effect from the next packet.
 */
public final class LinkShaper {
    /** The outcome for one packet. */
    public sealed interface Decision permits Send, Drop {
    }

    /** Send at {@code atNanos} (same time base as the arrival time); {@code reordered} if it skipped the delay. */
    public record Send(long atNanos, boolean reordered) implements Decision {
    }

    /** Drop, for {@code reason}. */
    public record Drop(DropReason reason) implements Decision {
    }

    private static final Drop LOSS = new Drop(DropReason.LOSS);
    private static final Drop QUEUE = new Drop(DropReason.QUEUE);
    private static final long NANOS_PER_MS = 1_000_000L;

    private volatile ImpairmentProfile profile;
    private final SplittableRandom lossRandom;
    private final SplittableRandom jitterRandom;
    private final SplittableRandom reorderRandom;

    // Token bucket; tokens below zero are bytes queued behind the cap.
    private boolean bucketStarted;
    private double tokensBytes;
    private long lastRefillNanos;
    /** Latest send time given to an in-order packet, so that one without reordering never goes earlier. */
    private long lastSendAtNanos = Long.MIN_VALUE;

    public LinkShaper(ImpairmentProfile profile, long seed) {
        this.profile = profile;
        SplittableRandom root = new SplittableRandom(seed);
        this.lossRandom = root.split();
        this.jitterRandom = root.split();
        this.reorderRandom = root.split();
    }

    public ImpairmentProfile profile() {
        return profile;
    }

    public void setProfile(ImpairmentProfile profile) {
        this.profile = profile;
    }

    /** The decision for a packet of {@code lengthBytes} UDP payload that arrived at {@code nowNanos}. */
    public Decision decide(int lengthBytes, long nowNanos) {
        ImpairmentProfile p = profile;
        double lossDraw = lossRandom.nextDouble() * 100.0;
        double jitterDraw = jitterRandom.nextDouble() * 2.0 - 1.0;
        double reorderDraw = reorderRandom.nextDouble() * 100.0;

        if (lossDraw < p.lossPercent()) {
            return LOSS;
        }
        long departureNanos = nowNanos;
        if (p.rateKbps() > 0) {
            long waitNanos = bucketWaitNanos(p, lengthBytes, nowNanos);
            if (waitNanos < 0) {
                return QUEUE;
            }
            departureNanos += waitNanos;
        }
        if (reorderDraw < p.reorderPercent()) {
            return new Send(departureNanos, true);
        }
        long extraNanos = p.delayMs() * NANOS_PER_MS + Math.round(jitterDraw * p.jitterMs() * NANOS_PER_MS);
        long sendAtNanos = departureNanos + Math.max(0, extraNanos);
        if (!p.jitterReorders() && sendAtNanos < lastSendAtNanos) {
            sendAtNanos = lastSendAtNanos;
        }
        lastSendAtNanos = Math.max(lastSendAtNanos, sendAtNanos);
        return new Send(sendAtNanos, false);
    }

    /** Takes the packet's bytes from the bucket and returns how long it waits for them, or -1 if the queue is full. */
    private long bucketWaitNanos(ImpairmentProfile p, int lengthBytes, long nowNanos) {
        double nanosPerByte = 8e6 / p.rateKbps();
        double burstBytes = p.burstBytes() > 0 ? p.burstBytes() : Math.max(3000.0, p.rateKbps() * 1000.0 / 8.0 / 50.0);
        if (!bucketStarted) {
            bucketStarted = true;
            tokensBytes = burstBytes;
            lastRefillNanos = nowNanos;
        }
        long elapsedNanos = Math.max(0, nowNanos - lastRefillNanos);
        tokensBytes = Math.min(burstBytes, tokensBytes + elapsedNanos / nanosPerByte);
        lastRefillNanos = Math.max(lastRefillNanos, nowNanos);
        double waitNanos = tokensBytes >= lengthBytes ? 0 : (lengthBytes - tokensBytes) * nanosPerByte;
        if (waitNanos > p.queueMs() * (double) NANOS_PER_MS) {
            return -1;
        }
        tokensBytes -= lengthBytes;
        return Math.round(waitNanos);
    }
}
