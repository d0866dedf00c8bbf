package io.patchbay.media;

import java.util.concurrent.atomic.LongAdder;

/**
 * A distribution of delays in fixed buckets, recorded by any media thread without allocating or locking (LongAdders)
 * and read at scrape time. {@link MediaStats} keeps two: the delay the server adds per datagram sent because of a
 * received one (forwarded media, and retransmissions a NACK asked for: from reading the received datagram off the
 * media port to handing the datagram it caused to the kernel in a batch; queueing, forwarding decisions, SRTP and the
 * wait in a batch or an egress lane are in it, the kernel's queues and the wire are not; batched send path only, one
 * clock read per batch), exported as {@code patchbay_media_forward_delay_seconds}, and its first part, the wait for
 * the media thread ({@code patchbay_media_queue_delay_seconds}).
 */
public final class DelayHistogram {
    /** Upper bounds of the buckets, microseconds (1, 1.5, 2, 3, 5, 7.5 per decade, 10 us to 1 s); then the rest. */
    private static final long[] BOUNDS_MICROS = bounds();

    private static long[] bounds() {
        long[] steps = {10, 15, 20, 30, 50, 75};
        long[] b = new long[5 * steps.length + 1];
        long decade = 1;
        for (int d = 0; d < 5; d++, decade *= 10) {
            for (int i = 0; i < steps.length; i++) b[d * steps.length + i] = steps[i] * decade;
        }
        b[b.length - 1] = 1_000_000;
        return b;
    }

    private final LongAdder[] buckets = new LongAdder[BOUNDS_MICROS.length + 1];
    private final LongAdder sumMicros = new LongAdder();

    public DelayHistogram() {
        for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }

    /** Counts {@code count} datagrams that each waited {@code nanos}. */
    public void record(long nanos, int count) {
        long micros = Math.max(0, nanos / 1000);
        int i = java.util.Arrays.binarySearch(BOUNDS_MICROS, micros);
        if (i < 0) i = -i - 1; // the first bound above it, or the last bucket
        buckets[i].add(count);
        sumMicros.add(micros * count);
    }

    /** The buckets' upper bounds in seconds (without the last, unbounded one). */
    public static double[] boundsSeconds() {
        double[] s = new double[BOUNDS_MICROS.length];
        for (int i = 0; i < s.length; i++) s[i] = BOUNDS_MICROS[i] / 1e6;
        return s;
    }

    /** Datagrams per bucket (not cumulative), the last one above every bound. */
    public long[] bucketCounts() {
        long[] n = new long[buckets.length];
        for (int i = 0; i < n.length; i++) n[i] = buckets[i].sum();
        return n;
    }

    /** Datagrams counted. */
    public long count() {
        long n = 0;
        for (LongAdder b : buckets) n += b.sum();
        return n;
    }

    public double sumSeconds() {
        return sumMicros.sum() / 1e6;
    }
}
