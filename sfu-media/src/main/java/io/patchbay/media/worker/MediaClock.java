package io.patchbay.media.worker;

/** Time source for media code, injected so state machines are tested without sleeping. */
public interface MediaClock {
    /** Monotonic nanoseconds, for intervals. */
    long nanoTime();

    /** Wall-clock milliseconds since the Unix epoch, for RTCP NTP timestamps. */
    long wallClockMillis();

    MediaClock SYSTEM = new MediaClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long wallClockMillis() {
            return System.currentTimeMillis();
        }
    };
}
