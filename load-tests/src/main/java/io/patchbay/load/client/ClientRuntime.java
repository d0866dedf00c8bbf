package io.patchbay.load.client;

import io.patchbay.load.peer.PeerCertificate;
import io.patchbay.load.peer.SrtpProfile;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The generator's shared machinery: receive loops, the driver, DTLS handshake threads, the delay histogram, and
 * one certificate for all simulated connections (as one browser profile would reuse one).
 */
public final class ClientRuntime implements AutoCloseable {
    private final InetAddress bindAddress;
    private final List<ReceiveLoop> loops = new ArrayList<>();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final Driver driver = new Driver();
    private final ExecutorService handshakes;
    private final DelayHistogram delays = new DelayHistogram();
    private final PeerCertificate certificate = PeerCertificate.generate();
    private final int sampleEvery;

    /**
     * @param receiveThreads receive loops (1 is enough for ~100k packets/s on this kind of machine)
     * @param sampleEvery    authenticate, decrypt and time 1 packet in this many per stream; the rest are counted
     */
    public ClientRuntime(InetAddress bindAddress, int receiveThreads, int handshakeThreads, int sampleEvery)
            throws IOException {
        this.bindAddress = bindAddress;
        this.sampleEvery = Math.max(1, sampleEvery);
        SrtpWarmUp.run();
        for (int i = 0; i < receiveThreads; i++) loops.add(new ReceiveLoop("load-receive-" + i));
        AtomicInteger n = new AtomicInteger();
        handshakes = Executors.newFixedThreadPool(handshakeThreads, r -> {
            Thread t = new Thread(r, "load-dtls-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    /** A new connection; {@code iceControlling} is true when we offered (RFC 8445 section 6.1.1). */
    public ClientConnection newConnection(String name, boolean publishing, boolean iceControlling,
                                          List<SrtpProfile> profiles) throws IOException {
        return new ClientConnection(this, name, publishing, iceControlling, certificate, profiles);
    }

    InetAddress bindAddress() {
        return bindAddress;
    }

    ExecutorService handshakes() {
        return handshakes;
    }

    /** Publishers stop sending media (ICE and DTLS go on) while {@code paused}; resumed, they go on from then. */
    public void pauseMedia(boolean paused) {
        driver.pauseMedia(paused);
    }

    public DelayHistogram delays() {
        return delays;
    }

    int sampleEvery() {
        return sampleEvery;
    }

    void register(ClientConnection c) {
        loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size())).register(c);
        driver.add(c);
    }

    void unregister(ClientConnection c) {
        driver.remove(c);
    }

    @Override
    public void close() {
        driver.close();
        for (ReceiveLoop l : loops) l.close();
        handshakes.shutdownNow();
    }
}
