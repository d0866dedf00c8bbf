package io.patchbay.media.forward;

import io.patchbay.media.worker.MediaClock;

/** A media clock the test moves by hand (set {@link #nowNanos} on the media thread). */
final class ManualClock implements MediaClock {
    static final long MS = 1_000_000L;
    volatile long nowNanos;

    @Override
    public long nanoTime() {
        return nowNanos;
    }

    @Override
    public long wallClockMillis() {
        return nowNanos / MS;
    }
}
