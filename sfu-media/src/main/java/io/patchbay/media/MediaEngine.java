package io.patchbay.media;

import io.patchbay.media.dtls.DtlsExecutor;
import io.patchbay.media.dtls.DtlsIdentity;
import io.patchbay.media.dtls.DtlsWarmUp;
import io.patchbay.media.forward.Router;
import io.patchbay.media.forward.RouterListener;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.transport.MediaPort;
import io.patchbay.media.transport.MediaPortProbe;
import io.patchbay.media.transport.TransportFactory;
import io.patchbay.media.worker.EgressLanes;
import io.patchbay.media.worker.MediaClock;
import io.patchbay.media.worker.MediaWorker;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The media plane's entry point for signaling: binds the shared UDP port, creates the DTLS identity, runs the media
 * workers, and creates one {@link Router} per room (each pinned to one worker).
 */
public final class MediaEngine implements AutoCloseable {
    /**
     * Buffers in use at once across all workers, created lazily: at most about 55 MB. Most are held by the
     * publishers' retransmission caches (1-2 s of each video stream: 180-360 buffers at 1.5 Mbps), so this covers
     * about 90 such publishers on one server; beyond that new packets are dropped and counted (pool_exhausted).
     * 2048 (one meeting of 8 at 1.5 Mbps) was found too small by the load generator.
     */
    private static final int POOL_MAX_BUFFERS = 32_768;

    private final MediaPort port;
    private final DtlsIdentity identity;
    private final MediaWorker[] workers;
    private final DtlsExecutor dtlsExecutor;
    private final MediaStats stats = new MediaStats();
    private final PacketBufferPool pool;
    private final TransportFactory transports;
    private final AtomicInteger nextWorker = new AtomicInteger();
    private final EgressLanes lanes;
    private final int spreadFromSubscribers;
    private final SecureRandom random = new SecureRandom();

    private MediaEngine(MediaSettings settings, MediaLimits limits) throws IOException {
        this.identity = DtlsIdentity.generate(random);
        this.port = MediaPort.bind(settings.port(), settings.bindAddresses(), stats, settings.sendPath());
        this.pool = new PacketBufferPool(POOL_MAX_BUFFERS);
        int threads = settings.threads() > 0 ? settings.threads() : Runtime.getRuntime().availableProcessors();
        this.workers = new MediaWorker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new MediaWorker("patchbay-media-" + i, pool, MediaClock.SYSTEM,
                    stats::dropped, stats.queueDelay());
        }
        this.lanes = threads > 1 ? new EgressLanes(workers, stats::spread) : null;
        this.spreadFromSubscribers = settings.spreadFromSubscribers();
        this.dtlsExecutor = new DtlsExecutor(limits.dtlsHandshakeThreads(), limits.dtlsHandshakesQueued());
        this.transports = new TransportFactory(port, settings.publicAddress(), settings.advertiseBoundAddresses(),
                settings.useClientCandidates(), stats, identity, random, dtlsExecutor, limits);
        // The first ice4j agent costs ~250 ms of class loading and set-up; pay it now, not on the first join.
        transports.create("warm-up", workers[0]).close();
        // Likewise the first DTLS handshake and SRTP context (in the background: start-up does not wait).
        DtlsWarmUp.start(identity, random, dtlsExecutor);
    }

    public static MediaEngine start(MediaSettings settings) throws IOException {
        return start(settings, MediaLimits.DEFAULTS);
    }

    public static MediaEngine start(MediaSettings settings, MediaLimits limits) throws IOException {
        return new MediaEngine(settings, limits);
    }

    /** The DTLS handshake threads (for metrics: handshakes running, waiting, refused). */
    public DtlsExecutor dtlsExecutor() {
        return dtlsExecutor;
    }

    public int port() {
        return port.port();
    }

    public List<String> boundAddresses() {
        return port.boundAddresses();
    }

    /** SHA-256 fingerprint of the DTLS certificate, for every SDP the server writes. */
    public String fingerprintSha256() {
        return identity.fingerprintSha256();
    }

    /**
     * CPU time the media workers (forwarding, SRTP, sending) have used (ns), summed; -1 where the JVM cannot tell.
     * This engine's own, so several engines in one JVM (tests) each see theirs.
     */
    public long workerCpuTimeNanos() {
        long sum = 0;
        for (MediaWorker w : workers) {
            long t = w.cpuTimeNanos();
            if (t < 0) return -1;
            sum += t;
        }
        return sum;
    }

    public MediaStats stats() {
        return stats;
    }

    public PacketBufferPool pool() {
        return pool;
    }

    /**
     * Sends the media port a connectivity check as a joining client would (see {@link MediaPortProbe}) and waits up
     * to {@code timeoutMillis} for the answer. Blocking: call it from a thread of its own.
     */
    public MediaPortProbe.Result probeMediaPort(int timeoutMillis) {
        String address = port.boundAddresses().get(0);
        return new MediaPortProbe(transports, workers[0], address, port.port()).probe(timeoutMillis);
    }

    /**
     * Opens this node's relay port on {@code host:port} (0: any) for media to other nodes of its cluster; the caller
     * closes it (after the routers).
     */
    public io.patchbay.media.relay.RelayLinks openRelayPort(String host, int port) throws IOException {
        return new io.patchbay.media.relay.RelayLinks(
                io.patchbay.media.relay.RelayPort.bind(host, port, pool, stats), stats);
    }

    /**
     * A router for one room, on the next worker (round robin); from {@link MediaSettings#spreadFromSubscribers} on,
     * its subscribers are sent for by every worker.
     */
    public Router createRouter(String name, RouterListener listener) {
        MediaWorker worker = workers[Math.floorMod(nextWorker.getAndIncrement(), workers.length)];
        return new Router(name, worker, transports, stats, listener, lanes, spreadFromSubscribers);
    }

    @Override
    public void close() {
        for (MediaWorker w : workers) w.close();
        dtlsExecutor.close();
        port.close();
    }
}
