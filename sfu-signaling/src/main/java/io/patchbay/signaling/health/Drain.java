package io.patchbay.signaling.health;

import io.patchbay.signaling.room.RoomRegistry;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * Graceful drain (SIGTERM, {@code POST /api/v1/admin/drain}): readiness turns 503 at once so the load balancer stops
 * sending joins; new joins get {@code server-draining}; every participant is told {@code draining} and moves by
 * joining again through the load balancer; {@link #drained()} completes when no participant is left or after the
 * timeout, whichever comes first. Starting twice changes nothing.
 */
public final class Drain {
    private static final Logger LOG = Logger.getLogger(Drain.class.getName());
    private static final long CHECK_MILLIS = 250;

    private final RoomRegistry rooms;
    private final Readiness readiness;
    private final Context context;
    private final CompletableFuture<Boolean> drained = new CompletableFuture<>();
    private boolean started;

    public Drain(RoomRegistry rooms, Readiness readiness, Context context) {
        this.rooms = rooms;
        this.readiness = readiness;
        this.context = context;
    }

    /** Starts draining (any thread). The future says whether every participant left before the timeout. */
    public CompletableFuture<Boolean> start(Duration timeout, String why) {
        readiness.draining();
        context.runOnContext(v -> {
            if (started) return;
            started = true;
            int participants = rooms.participantCount();
            LOG.info("draining (" + why + "): " + participants + " participants in " + rooms.roomCount()
                    + " rooms told to move; no new joins; exit when they are gone or in " + timeout.toSeconds() + " s");
            rooms.startDraining();
            long deadline = System.nanoTime() + timeout.toNanos();
            context.owner().setPeriodic(0, CHECK_MILLIS, id -> {
                boolean empty = rooms.participantCount() == 0;
                if (empty || System.nanoTime() - deadline >= 0) {
                    context.owner().cancelTimer(id);
                    if (!empty) {
                        LOG.warning("drain timeout: " + rooms.participantCount() + " participants still here");
                    }
                    drained.complete(empty);
                }
            });
        });
        return drained;
    }

    public boolean started() {
        return readiness.isDraining();
    }

    public CompletableFuture<Boolean> drained() {
        return drained;
    }
}
