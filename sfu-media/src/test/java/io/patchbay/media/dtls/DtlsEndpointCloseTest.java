package io.patchbay.media.dtls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An abandoned handshake (the peer sent nothing, the transport closed) must end, not spin: before, the closed
 * datagram transport answered every receive with "nothing yet" at once, and BouncyCastle kept calling it on a DTLS
 * thread until its handshake timeout (~20 s of a core per abandoned join).
 */
class DtlsEndpointCloseTest {
    @Test
    void closingDuringTheHandshakeFreesItsThreadAtOnce() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            SecureRandom random = new SecureRandom();
            DtlsEndpoint endpoint = new DtlsEndpoint(DtlsIdentity.generate(random), random, executor, (b, o, l) -> { });
            CompletableFuture<Long> handshakeThread = new CompletableFuture<>();
            executor.execute(() -> handshakeThread.complete(Thread.currentThread().getId()));
            long threadId = handshakeThread.get(5, TimeUnit.SECONDS);
            endpoint.start("sha-256", "AA:BB", keys -> { }, e -> { });
            Thread.sleep(200); // the handshake is waiting for a ClientHello that never comes
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuBefore = threads.getThreadCpuTime(threadId);
            long closedAt = System.nanoTime();
            endpoint.close();

            // The single DTLS thread runs the next task only once the handshake has given up.
            CompletableFuture<Long> freed = new CompletableFuture<>();
            executor.execute(() -> freed.complete(System.nanoTime()));
            long freedAfterMs = (freed.get(10, TimeUnit.SECONDS) - closedAt) / 1_000_000;
            long cpuMs = (threads.getThreadCpuTime(threadId) - cpuBefore) / 1_000_000;
            System.out.printf("abandoned handshake ended %d ms after close, using %d ms of CPU%n", freedAfterMs, cpuMs);
            assertTrue(freedAfterMs < 3_000, "the handshake thread was busy " + freedAfterMs + " ms after close");
            assertTrue(cpuBefore < 0 || cpuMs < 500, "the closed handshake used " + cpuMs + " ms of CPU");
        } finally {
            executor.shutdownNow();
        }
    }
}
