package io.patchbay.media.transport;

import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.HarvestConfig;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;
import io.patchbay.media.util.MpmcArrayQueue;

/**
 * Process-wide ice4j set-up, done once before the first harvester or agent exists: the push API (packets handed to
 * a callback instead of virtual sockets), recycled receive buffers so steady-state receive allocates nothing, and a
 * check that ice4j will not contact any address the operator did not configure.
 */
final class IceEnvironment {
    /** Largest UDP payload we accept; bigger datagrams are truncated by the socket and fail validation. */
    static final int RECEIVE_BUFFER_BYTES = 1600;
    private static final MpmcArrayQueue<Buffer> RECYCLED = new MpmcArrayQueue<>(4096);
    private static boolean initialized;

    private IceEnvironment() {
    }

    static synchronized void initialize() {
        if (initialized) return;
        HarvestConfig config = HarvestConfig.config;
        if (config.enableAwsHarvester() || config.forceAwsHarvester()) {
            throw new IllegalStateException("ice4j's AWS harvester is enabled: it would query the cloud metadata endpoint. "
                    + "Check that sfu-media's application.conf is on the classpath.");
        }
        if (!config.stunMappingCandidateHarvesterAddresses().isEmpty()) {
            throw new IllegalStateException("ice4j STUN mapping harvesters are configured; Patchbay does not use them");
        }
        AbstractUdpListener.USE_PUSH_API = true;
        BufferPool.getBuffer = size -> {
            Buffer b = RECYCLED.poll();
            if (b == null || b.getBuffer().length < size) {
                b = new Buffer(new byte[Math.max(size, RECEIVE_BUFFER_BYTES)], 0, size);
            }
            b.setOffset(0);
            b.setLength(size);
            return b;
        };
        BufferPool.returnBuffer = b -> {
            RECYCLED.offer(b);
            return kotlin.Unit.INSTANCE;
        };
        initialized = true;
    }

    /** Hands a buffer that ice4j gave us back to the recycler. */
    static void recycle(Buffer buffer) {
        RECYCLED.offer(buffer);
    }
}
