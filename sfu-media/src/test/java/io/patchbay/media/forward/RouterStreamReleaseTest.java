package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.core.room.TrackKind;
import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.worker.MediaClock;
import io.patchbay.media.worker.MediaWorker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every stream that ends gives its SSRCs back to its transport's SRTP session (which holds at most 64 per direction):
 * a closed consumer its media and RTX SSRCs on the subscriber, a closed producer its SSRCs on the publisher.
 * Subscribers in a long meeting see many publishers come and go; before this, the 33rd got no media.
 */
class RouterStreamReleaseTest {
    private static final ExtensionIds EXTENSIONS = new ExtensionIds(0, 2, 3, 4);

    @Test
    void closingConsumersAndProducersReleasesTheirSsrcs() throws Exception {
        PacketBufferPool pool = new PacketBufferPool(64);
        MediaWorker worker = new MediaWorker("release-test", pool, MediaClock.SYSTEM, reason -> { });
        try {
            Router router = new Router("room", worker, null, new MediaStats(), new Silent());
            CountingTransport subscriber = new CountingTransport("subscriber");
            router.addTransport(subscriber);
            for (int i = 0; i < 3; i++) {
                CountingTransport publisher = new CountingTransport("publisher-" + i);
                router.addTransport(publisher);
                router.createProducer(publisher, new ProducerSpec("video-" + i, TrackKind.VIDEO, "0",
                        List.of(new CodecMapping(96, 96, "VP8", 90_000)), Map.of(96, 97), 0x100L + i, 0x200L + i,
                        EXTENSIONS, true, true, 0));
                router.createConsumer(subscriber, new ConsumerSpec("video-" + i, 0x300L + i, "v" + i, "cname",
                        EXTENSIONS, 0x400L + i, 97, false));
                if (i == 0) {
                    router.closeConsumer(subscriber, "video-0");
                } else if (i == 1) {
                    router.closeProducer("video-1");
                } else {
                    router.closeTransport(publisher);
                }
                router.streamStats().get(10, TimeUnit.SECONDS); // runs after the commands above
                assertEquals(i == 0 ? List.of() : List.of(0x100L + i, 0x200L + i), publisher.releasedReceive,
                        "publisher " + i);
            }
            assertEquals(List.of(0x300L, 0x400L, 0x301L, 0x401L, 0x302L, 0x402L), subscriber.releasedSend);
            router.close();
        } finally {
            worker.close();
        }
    }

    private static final class Silent implements RouterListener {
        @Override
        public void onTransportConnected(String transportId) {
        }

        @Override
        public void onTransportFailed(String transportId, String reason) {
        }
    }
}
