package io.patchbay.media.stream;

/**
 * Reception statistics of one incoming RTP stream, for RTCP Receiver Report blocks (RFC 3550 section 6.4.1 and
 * appendix A.3 for loss, A.8 for interarrival jitter). Owned by one media thread.
 */
public final class ReceiveStatistics {
    private final int clockRateHz;
    private boolean started;
    private int baseSeq;
    private int maxSeq;
    private long cycles;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private long lastTransit;
    private boolean haveTransit;
    /** Jitter in timestamp units, scaled by 16 as in RFC 3550 A.8. */
    private long jitterQ4;
    private long bytes;

    public ReceiveStatistics(int clockRateHz) {
        this.clockRateHz = clockRateHz;
    }

    /** Records one packet; {@code arrivalNanos} from the media clock. */
    public void onPacket(int seq, long rtpTimestamp, long arrivalNanos, int sizeBytes) {
        bytes += sizeBytes;
        if (!started) {
            started = true;
            baseSeq = seq;
            maxSeq = seq;
        } else {
            int delta = (seq - maxSeq) & 0xFFFF;
            if (delta != 0 && delta < 0x8000) {
                if (seq < maxSeq) cycles += 0x10000;
                maxSeq = seq;
            }
        }
        received++;
        long arrivalTicks = arrivalNanos / 1000 * clockRateHz / 1_000_000L;
        long transit = arrivalTicks - rtpTimestamp;
        if (haveTransit) {
            long d = Math.abs(transit - lastTransit);
            if (d < (long) clockRateHz * 10) {
                jitterQ4 += d - ((jitterQ4 + 8) >> 4);
            }
        }
        lastTransit = transit;
        haveTransit = true;
    }

    public boolean started() {
        return started;
    }

    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    public long expected() {
        return started ? extendedHighestSequence() - baseSeq + 1 : 0;
    }

    public long cumulativeLost() {
        return Math.max(0, expected() - received);
    }

    public long packetsReceived() {
        return received;
    }

    public long bytesReceived() {
        return bytes;
    }

    public long jitterTicks() {
        return jitterQ4 >> 4;
    }

    /** Fraction lost since the previous call, as the 8-bit fixed-point value of an RR block; resets the interval. */
    public int takeFractionLost() {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval <= 0 || lostInterval <= 0) return 0;
        return (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    }
}
