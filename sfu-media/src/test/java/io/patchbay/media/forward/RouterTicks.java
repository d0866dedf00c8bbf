package io.patchbay.media.forward;

import io.patchbay.media.worker.MediaWorker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs steps on a router's media thread with a clock the test moves (router tests). */
final class RouterTicks {
    private static final long MS = 1_000_000L;

    private RouterTicks() {
    }

    /** On the media thread at {@code ms} on the router's clock: runs {@code action}, then a tick. */
    static void at(MediaWorker worker, ManualClock clock, Router router, long ms, Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        worker.execute(() -> {
            clock.nowNanos = ms * MS;
            action.run();
            router.tick(clock.nowNanos);
            done.complete(null);
        });
        done.get(10, TimeUnit.SECONDS);
    }

    /** A router listener for tests that do not look at transport state. */
    static final class Silent implements RouterListener {
        @Override
        public void onTransportConnected(String transportId) {
        }

        @Override
        public void onTransportFailed(String transportId, String reason) {
        }
    }
}
