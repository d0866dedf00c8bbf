package io.patchbay.signaling.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.load.peer.SubscriberConnection;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.media.DropReason;
import io.patchbay.media.MediaLimits;
import io.patchbay.media.MediaStats;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A joined publisher abuses its media connection while alice and bob are in a call with it: it floods packets far
 * beyond any camera's rate, and it churns through a thousand SSRCs its SDP never named. Before, every flooded packet
 * was decrypted, cached and forwarded to every subscriber (the server amplified the flood by the room's size) and the
 * shared buffer pool and worker queue were the attacker's to fill. Now the flood is cut at the socket to the
 * per-transport budget ({@link MediaLimits}), counted, and alice's video to bob keeps its rate.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MediaAbuseTest extends PeerServerTest {
    private static final String ROOM = "media-abuse";
    private static final Duration WINDOW = Duration.ofSeconds(4);

    private TestPeer alice;
    private TestPeer bob;
    private TestPeer mallory;
    private SubscriberConnection.RemoteTrack aliceAtBob;
    private SubscriberConnection.RemoteTrack malloryAtBob;
    private MediaStats stats;

    /** alice, bob and mallory publish in one room; bob receives alice and mallory. */
    @BeforeEach
    void call() throws Exception {
        alice = PeerMedia.publishing(server, ROOM, "alice", peers);
        bob = PeerMedia.publishing(server, ROOM, "bob", peers);
        mallory = PeerMedia.publishing(server, ROOM, "mallory", peers);
        aliceAtBob = PeerMedia.awaitVideo(bob, alice);
        malloryAtBob = PeerMedia.awaitVideo(bob, mallory);
        stats = server.media().stats();
    }

    @Test
    void aFloodingPublisherIsHeldToItsBudgetAndTheCallKeepsItsRate() throws Exception {

        double baseline = rateOver(WINDOW, () -> PeerMedia.packetsFrom(bob, aliceAtBob.mediaSsrc(), alice));

        int fromMalloryBefore = PeerMedia.packetsFrom(bob, malloryAtBob.mediaSsrc(), mallory);
        long droppedBefore = stats.droppedCount(DropReason.OVER_RATE_BUDGET);
        CompletableFuture<Long> flood = CompletableFuture.supplyAsync(() -> {
            try {
                return mallory.publisher().sender().flood(WINDOW);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        double duringFlood = rateOver(WINDOW, () -> PeerMedia.packetsFrom(bob, aliceAtBob.mediaSsrc(), alice));
        long floodSent = flood.get(30, TimeUnit.SECONDS);
        Thread.sleep(500); // the last forwarded packets arrive
        int fromMallory = PeerMedia.packetsFrom(bob, malloryAtBob.mediaSsrc(), mallory) - fromMalloryBefore;
        long dropped = stats.droppedCount(DropReason.OVER_RATE_BUDGET) - droppedBefore;
        // The window at the budget's rate, one second of burst, and half a second of slack for the paced packets
        // sent just before the flood and the window's edges.
        long allowed = (long) (MediaLimits.DEFAULTS.packetsPerSecond() * (WINDOW.toSeconds() + 1.5));

        System.out.printf("[media flood] mallory sent %d packets in %d s (%.0f/s); bob got %d of them (budget %d), "
                        + "%d dropped over budget; alice->bob %.1f packets/s before, %.1f during%n",
                floodSent, WINDOW.toSeconds(), floodSent / (double) WINDOW.toSeconds(), fromMallory, allowed,
                dropped, baseline, duringFlood);
        assertAll(
                () -> assertTrue(floodSent > 2 * allowed, "the flood was too small to test anything: " + floodSent),
                () -> assertTrue(fromMallory <= allowed, "bob got " + fromMallory + " flooded packets, budget " + allowed),
                // Most of the rest is dropped at the socket; some never got there (the kernel's socket buffer).
                () -> assertTrue(dropped >= 0.8 * (floodSent - allowed), "dropped over budget: " + dropped),
                () -> assertTrue(duringFlood >= 0.9 * baseline,
                        "alice's video to bob fell from " + baseline + " to " + duringFlood + " packets/s"));
    }

    @Test
    void churningThousandsOfSsrcsCostsNobodyTheirMedia() throws Exception {
        long unknownBefore = stats.droppedCount(DropReason.UNKNOWN_SSRC);

        mallory.publisher().sender().churnSsrcs(0x7000_0000L, 1_000);

        Await.until(Duration.ofSeconds(10), () -> stats.droppedCount(DropReason.UNKNOWN_SSRC) - unknownBefore >= 1_000,
                () -> "unknown SSRCs dropped: " + (stats.droppedCount(DropReason.UNKNOWN_SSRC) - unknownBefore));
        int aliceMark = PeerMedia.packetsFrom(bob, aliceAtBob.mediaSsrc(), alice);
        int malloryMark = PeerMedia.packetsFrom(bob, malloryAtBob.mediaSsrc(), mallory);
        Await.until(Duration.ofSeconds(5), () -> PeerMedia.packetsFrom(bob, aliceAtBob.mediaSsrc(), alice) > aliceMark + 50
                        && PeerMedia.packetsFrom(bob, malloryAtBob.mediaSsrc(), mallory) > malloryMark + 50,
                () -> "media stopped after the churn: alice->bob " + aliceMark + ", mallory->bob " + malloryMark);
    }

    /** Packets per second by which {@code count} grows over {@code window}. */
    private static double rateOver(Duration window, java.util.function.IntSupplier count) throws InterruptedException {
        int start = count.getAsInt();
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        return (count.getAsInt() - start) / ((System.nanoTime() - t0) / 1e9);
    }
}
