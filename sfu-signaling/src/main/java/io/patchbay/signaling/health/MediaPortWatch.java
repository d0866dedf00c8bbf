package io.patchbay.signaling.health;

import io.patchbay.media.MediaEngine;
import io.patchbay.media.transport.MediaPortProbe;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Probes the media port every {@link #INTERVAL_MILLIS} on a thread of its own (a probe creates an ICE agent and waits
 * for UDP: never on the event loop) and records the result in {@link Readiness}. Logs only changes.
 */
public final class MediaPortWatch implements AutoCloseable {
    static final long INTERVAL_MILLIS = 5_000;
    static final int TIMEOUT_MILLIS = 2_000;
    private static final Logger LOG = Logger.getLogger(MediaPortWatch.class.getName());

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "patchbay-media-probe");
        t.setDaemon(true);
        return t;
    });
    private final MediaEngine media;
    private final Readiness readiness;
    private volatile boolean wasOk = true;

    public MediaPortWatch(MediaEngine media, Readiness readiness) {
        this.media = media;
        this.readiness = readiness;
    }

    /** Probes now, then every {@link #INTERVAL_MILLIS}. */
    public void start() {
        thread.scheduleWithFixedDelay(this::probeOnce, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void probeOnce() {
        MediaPortProbe.Result result;
        try {
            result = media.probeMediaPort(TIMEOUT_MILLIS);
        } catch (RuntimeException e) {
            result = new MediaPortProbe.Result(false, "probe failed: " + e, -1);
        }
        readiness.probed(result, System.currentTimeMillis());
        if (result.ok() != wasOk) {
            if (result.ok()) {
                LOG.info("media port answers connectivity checks again: ready");
            } else {
                LOG.warning("media port self-probe failed (" + result.error() + "): not ready");
            }
            wasOk = result.ok();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
