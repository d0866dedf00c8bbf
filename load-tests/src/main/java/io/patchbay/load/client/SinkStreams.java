package io.patchbay.load.client;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The SSRCs one subscribing connection receives, in a small array (a connection sees a few streams per publisher),
 * found by a linear scan so the receive path allocates nothing after the first packet of each stream.
 */
final class SinkStreams {
    private static final int MAX_STREAMS = 256;
    private final StreamCounter[] streams = new StreamCounter[MAX_STREAMS];
    private volatile int count;
    private int evict;
    final AtomicLong authFailures = new AtomicLong();
    final AtomicLong withoutTrailer = new AtomicLong();
    /** Bytes of the RTP datagrams counted (receive-loop thread writes; read for averages). */
    private volatile long bytes;

    /**
     * The counter for {@code ssrc}, created on first use (receive-loop thread only). When the table is full the
     * oldest counter makes room (a long-lived connection of the join scenario sees streams come and go; the ramps
     * stay far below the limit, so their totals are never affected).
     */
    StreamCounter stream(int ssrc) {
        int n = count;
        for (int i = 0; i < n; i++) {
            if (streams[i].ssrc == ssrc) return streams[i];
        }
        StreamCounter s = new StreamCounter(ssrc);
        if (n == MAX_STREAMS) {
            streams[evict++ % MAX_STREAMS] = s;
        } else {
            streams[n] = s;
            count = n + 1;
        }
        return s;
    }

    /** Each stream, in order of first packet (a snapshot; not for the receive path). */
    java.util.List<StreamCounter> streams() {
        int n = count;
        java.util.List<StreamCounter> l = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) l.add(streams[i]);
        return l;
    }

    int size() {
        return count;
    }

    /** Receive-loop thread: an RTP datagram of {@code length} bytes was counted. */
    void addBytes(int length) {
        bytes += length; // one writer
    }

    /**
     * Adds every stream's received count and extended highest sequence, and the bytes received, to {@code into}
     * ([received, highest, bytes]).
     */
    void sum(long[] into) {
        into[2] += bytes;
        int n = count;
        for (int i = 0; i < n; i++) {
            StreamCounter s = streams[i];
            into[0] += s.received();
            long h = s.extendedHighest();
            into[1] += h < 0 ? 0 : h + 1;
        }
    }
}
