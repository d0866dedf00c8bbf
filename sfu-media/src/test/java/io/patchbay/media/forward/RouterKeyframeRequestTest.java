package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.core.room.TrackKind;
import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.packet.rtcp.Pli;
import io.patchbay.media.worker.MediaWorker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keyframe requests toward a publisher, through a real router on its media thread with a clock the test moves:
 * subscribers' PLIs are merged into at most one per 300 ms, a PLI inside that interval is deferred (sent when it is
 * over) unless a keyframe arrives first, and an ICE restart of either side asks for a keyframe (what was sent while
 * the path changed is lost for good).
 */
class RouterKeyframeRequestTest {
    private static final long MS = 1_000_000L;
    private static final long PUBLISHER_SSRC = 0x11223344L;
    private static final long CONSUMER_SSRC = 0x5000L;
    private static final ExtensionIds EXTENSIONS = new ExtensionIds(0, 2, 3, 4);

    private final ManualClock clock = new ManualClock();
    private final PacketBufferPool pool = new PacketBufferPool(256);
    private final MediaWorker worker = new MediaWorker("keyframe-test", pool, clock, reason -> { });
    private final CountingTransport publisher = new CountingTransport("publisher");
    private final CountingTransport subscriber = new CountingTransport("subscriber");
    private final Router router = new Router("room", worker, null, new MediaStats(), new RouterTicks.Silent());

    @AfterEach
    void stop() {
        router.close();
        worker.close();
    }

    @Test
    void requestsInsideTheIntervalAreDeferredUnlessAKeyframeComes() throws Exception {
        setUpCall();
        assertEquals(1, at(1_000, () -> pli()), "the first PLI goes out at once");
        assertEquals(1, at(1_100, () -> pli()), "100 ms later it waits for the interval");
        assertEquals(1, at(1_250, () -> { }), "still inside the interval");
        assertEquals(2, at(1_300, () -> { }), "the deferred PLI goes out when the interval is over");
        assertEquals(2, at(1_400, () -> { }), "and only once");

        assertEquals(3, at(2_000, () -> pli()));
        assertEquals(3, at(2_100, () -> pli()), "deferred");
        assertEquals(3, at(2_150, () -> router.onRtp(publisher, keyframe())), "a keyframe arrives");
        assertEquals(3, at(2_400, () -> { }), "the keyframe answered the deferred request");
    }

    @Test
    void anIceRestartOfEitherSideAsksForAKeyframe() throws Exception {
        setUpCall();
        assertEquals(1, at(1_000, () -> router.onIceRestarted(subscriber)), "the subscriber's decoder lost packets");
        assertEquals(1, at(1_500, () -> { }));
        assertEquals(2, at(2_000, () -> router.onIceRestarted(publisher)), "the publisher's subscribers lost packets");
    }

    private void setUpCall() throws Exception {
        router.addTransport(publisher);
        router.addTransport(subscriber);
        router.createProducer(publisher, new ProducerSpec("video", TrackKind.VIDEO, "1",
                List.of(new CodecMapping(96, 96, "VP8", 90_000)), Map.of(), PUBLISHER_SSRC, 0, EXTENSIONS,
                true, true, 0));
        router.createConsumer(subscriber, new ConsumerSpec("video", CONSUMER_SSRC, "v0", "cname", EXTENSIONS));
        // createConsumer asked for a keyframe at clock 0; let that interval pass and the keyframe arrive.
        at(0, () -> router.onRtp(publisher, keyframe()));
        publisher.plis = 0;
    }

    /** On the media thread at {@code ms} on the router's clock: runs {@code action}, then a tick; returns PLIs sent. */
    private long at(long ms, Runnable action) throws Exception {
        CompletableFuture<Long> plis = new CompletableFuture<>();
        worker.execute(() -> {
            clock.nowNanos = ms * MS;
            action.run();
            router.tick(clock.nowNanos);
            plis.complete(publisher.plis);
        });
        return plis.get(10, TimeUnit.SECONDS);
    }

    private void pli() {
        PacketBuffer packet = pool.acquire();
        packet.length = Pli.write(packet.data, packet.offset, 0x9999L, CONSUMER_SSRC);
        router.onRtcp(subscriber, packet);
        pool.release(packet);
    }

    /** The first packet of a VP8 keyframe from the publisher. */
    private PacketBuffer keyframe() {
        PacketBuffer packet = pool.acquire();
        RtpHeaderWriter writer = new RtpHeaderWriter();
        writer.begin(packet.data, packet.offset, false, true, 96, 1, 0, PUBLISHER_SSRC);
        int header = writer.finish();
        packet.data[packet.offset + header] = 0x10; // VP8 descriptor: S bit
        packet.data[packet.offset + header + 1] = 0x00; // P bit 0: key frame
        packet.length = header + 20;
        return packet;
    }
}
