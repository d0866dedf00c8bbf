package io.patchbay.signaling.impair;

/**
 * What the relay does to the datagrams of one direction (immutable; change a running relay by setting a new one).
 *
 * <p>Applied in this order, like {@code netem} behind {@code tbf}: random loss, then the bandwidth cap (a token
 * bucket with a drop-tail queue), then delay with jitter, then reordering.
 *
 * @param lossPercent      chance in percent, 0..100, that a packet is dropped
 * @param delayMs          fixed one-way delay added to every packet
 * @param jitterMs         uniform jitter, the delay varies in {@code delayMs +- jitterMs} (never below zero)
 * @param jitterReorders   whether jitter may make a packet overtake an earlier one; if false, a packet is never
 *                         sent before the previous one on its link (the delay only stretches)
 * @param reorderPercent   chance in percent that a packet skips the delay and jitter, so that it overtakes the
 *                         packets still delayed (netem's {@code reorder}; no effect without a delay)
 * @param rateKbps         bandwidth cap in kilobits (1000 bits) of UDP payload per second; 0 for none
 * @param queueMs          longest a packet may wait for the cap before it is dropped (tbf's {@code latency})
 * @param burstBytes       token bucket size; 0 for the default, the larger of 3000 bytes and 20 ms at the cap
 * @param scope            which datagrams are impaired; the others pass at once and are only counted
 */
public record ImpairmentProfile(
        double lossPercent,
        int delayMs,
        int jitterMs,
        boolean jitterReorders,
        double reorderPercent,
        int rateKbps,
        int queueMs,
        int burstBytes,
        Scope scope) {

    /** Which datagrams a profile applies to. */
    public enum Scope {
        /** Only RTP and RTCP (first byte 128..191, RFC 7983): STUN and DTLS pass unimpaired, so set-up is quick. */
        MEDIA_ONLY,
        /** Every datagram. */
        ALL
    }

    /** Passes everything unchanged: no loss, delay, jitter, reordering or cap; media only, 100 ms cap queue. */
    public static final ImpairmentProfile NONE = new ImpairmentProfile(0, 0, 0, false, 0, 0, 100, 0, Scope.MEDIA_ONLY);

    /** Drops every datagram, STUN and DTLS included: the link is gone. */
    public static final ImpairmentProfile BLACKHOLE = NONE.withLossPercent(100).withScope(Scope.ALL);

    public ImpairmentProfile {
        if (!(lossPercent >= 0 && lossPercent <= 100)) {
            throw new IllegalArgumentException("lossPercent must be 0..100: " + lossPercent);
        }
        if (!(reorderPercent >= 0 && reorderPercent <= 100)) {
            throw new IllegalArgumentException("reorderPercent must be 0..100: " + reorderPercent);
        }
        if (delayMs < 0 || jitterMs < 0 || rateKbps < 0 || queueMs < 0 || burstBytes < 0) {
            throw new IllegalArgumentException("negative value in " + this);
        }
        if (scope == null) {
            throw new IllegalArgumentException("scope is required");
        }
    }

    public ImpairmentProfile withLossPercent(double v) {
        return new ImpairmentProfile(v, delayMs, jitterMs, jitterReorders, reorderPercent, rateKbps, queueMs, burstBytes, scope);
    }

    public ImpairmentProfile withDelayMs(int v) {
        return new ImpairmentProfile(lossPercent, v, jitterMs, jitterReorders, reorderPercent, rateKbps, queueMs, burstBytes, scope);
    }

    /** Jitter of {@code +- v} ms; {@code reorders} says whether it may reorder packets. */
    public ImpairmentProfile withJitterMs(int v, boolean reorders) {
        return new ImpairmentProfile(lossPercent, delayMs, v, reorders, reorderPercent, rateKbps, queueMs, burstBytes, scope);
    }

    public ImpairmentProfile withReorderPercent(double v) {
        return new ImpairmentProfile(lossPercent, delayMs, jitterMs, jitterReorders, v, rateKbps, queueMs, burstBytes, scope);
    }

    public ImpairmentProfile withRateKbps(int v) {
        return new ImpairmentProfile(lossPercent, delayMs, jitterMs, jitterReorders, reorderPercent, v, queueMs, burstBytes, scope);
    }

    public ImpairmentProfile withQueueMs(int v) {
        return new ImpairmentProfile(lossPercent, delayMs, jitterMs, jitterReorders, reorderPercent, rateKbps, v, burstBytes, scope);
    }

    public ImpairmentProfile withBurstBytes(int v) {
        return new ImpairmentProfile(lossPercent, delayMs, jitterMs, jitterReorders, reorderPercent, rateKbps, queueMs, v, scope);
    }

    public ImpairmentProfile withScope(Scope v) {
        return new ImpairmentProfile(lossPercent, delayMs, jitterMs, jitterReorders, reorderPercent, rateKbps, queueMs, burstBytes, v);
    }

    /** Whether a datagram starting with {@code firstByte} is subject to this profile. */
    public boolean applies(byte firstByte) {
        return scope == Scope.ALL || isRtpOrRtcp(firstByte);
    }

    /** RFC 7983 section 7: first byte 128..191 is RTP or RTCP; 0..3 STUN, 20..63 DTLS, 64..79 TURN channel. */
    static boolean isRtpOrRtcp(byte firstByte) {
        return (firstByte & 0xC0) == 0x80;
    }
}
