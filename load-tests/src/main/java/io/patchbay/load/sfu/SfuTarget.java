package io.patchbay.load.sfu;

import java.time.Duration;

/**
 * An SFU under test: its process (for CPU) and how simulated participants join it.
 */
public interface SfuTarget extends AutoCloseable {
    /** "patchbay" or "janus". */
    String name();

    String version();

    /** The server's process id, for {@code /proc/<pid>/stat}. */
    long pid();

    /**
     * Joins {@code room}; returns once it is joined, and when {@code publish}, once its media flows. Subscriptions
     * complete in the background (join time is measured to the first media packet).
     */
    SimulatedParticipant join(String room, String name, boolean publish, boolean subscribe, Duration timeout)
            throws Exception;

    /**
     * As {@link #join(String, String, boolean, boolean, Duration)} in the {@code simulcast} scenario: publishes three
     * layers and/or asks for {@code role}'s height of every video track it receives, following the layers that arrive.
     */
    default SimulatedParticipant join(String room, String name, boolean publish, boolean subscribe, SimulcastRole role,
                                      Duration timeout) throws Exception {
        throw new UnsupportedOperationException(name() + ": no simulcast scenario");
    }

    /** The server's own histogram of the delay it added to what it forwarded, or null when it keeps none. */
    default ServerDelay forwardDelay() {
        return null;
    }

    /** Server heap in use (bytes) and GC pause totals, or null when the server does not report them. */
    ServerMemory memory();

    @Override
    void close();

    /** Heap and GC of a JVM server from its metrics. */
    record ServerMemory(long heapUsedBytes, double gcPauseTotalMs, double gcPauseMaxMs) { }
}
