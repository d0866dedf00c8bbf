package io.patchbay.media.transport;

import io.patchbay.media.DropReason;
import io.patchbay.media.MediaLimits;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one transport's peer may make the server do and hold: packets and bits per second (token buckets with one
 * second of burst, so a keyframe's burst passes) and buffers held at once. A peer over budget loses its own packets;
 * the shared pool and worker queues stay available to everyone else.
 *
 * <p>{@link #admit} runs on the socket thread that reads the peer's datagrams (one per bound address; a peer is heard
 * on one at a time), so the buckets are plain fields: at worst a peer heard on two addresses at once gets a little more.
 * {@link #released} runs on the media thread, hence the atomic count of held buffers.
 */
final class IngressBudget {
    private static final double NANOS_PER_SECOND = 1e9;

    private final double packetsPerNano;
    private final double bytesPerNano;
    private final double packetBurst;
    private final double byteBurst;
    private final int maxHeldBuffers;
    private final AtomicInteger heldBuffers = new AtomicInteger();
    private double packetTokens;
    private double byteTokens;
    private long lastRefillNanos;
    private boolean refilledOnce;

    IngressBudget(MediaLimits limits) {
        this.packetBurst = limits.packetsPerSecond();
        this.byteBurst = limits.bitsPerSecond() / 8.0;
        this.packetsPerNano = packetBurst / NANOS_PER_SECOND;
        this.bytesPerNano = byteBurst / NANOS_PER_SECOND;
        this.maxHeldBuffers = limits.buffersPerTransport();
        this.packetTokens = packetBurst;
        this.byteTokens = byteBurst;
    }

    /**
     * Charges one datagram of {@code bytes} that will be held in a pool buffer.
     *
     * @return null if admitted (the caller must later call {@link #released} once for it), else why it is dropped
     */
    DropReason admit(int bytes, long nowNanos) {
        if (!refilledOnce) {
            refilledOnce = true;
        } else {
            long elapsed = nowNanos - lastRefillNanos;
            if (elapsed > 0) {
                packetTokens = Math.min(packetBurst, packetTokens + elapsed * packetsPerNano);
                byteTokens = Math.min(byteBurst, byteTokens + elapsed * bytesPerNano);
            }
        }
        lastRefillNanos = nowNanos;
        if (packetTokens < 1 || byteTokens < bytes) return DropReason.OVER_RATE_BUDGET;
        if (heldBuffers.get() >= maxHeldBuffers) return DropReason.OVER_BUFFER_BUDGET;
        packetTokens -= 1;
        byteTokens -= bytes;
        heldBuffers.incrementAndGet();
        return null;
    }

    /** One buffer admitted by {@link #admit} went back to the pool. */
    void released() {
        heldBuffers.decrementAndGet();
    }

    int heldBuffers() {
        return heldBuffers.get();
    }
}
