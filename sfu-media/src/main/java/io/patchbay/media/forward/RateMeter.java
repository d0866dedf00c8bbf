package io.patchbay.media.forward;

/** Bitrate of a byte counter, sampled about once a second by the router's timer. Media-thread only. */
final class RateMeter {
    private long lastBytes;
    private long lastNanos;
    private long bitrateBps;

    void sample(long totalBytes, long nowNanos) {
        if (lastNanos != 0 && nowNanos > lastNanos) {
            bitrateBps = (totalBytes - lastBytes) * 8L * 1_000_000_000L / (nowNanos - lastNanos);
        }
        lastBytes = totalBytes;
        lastNanos = nowNanos;
    }

    long bitrateBps() {
        return bitrateBps;
    }
}
