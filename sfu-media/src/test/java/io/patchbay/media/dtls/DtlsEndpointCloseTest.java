package io.patchbay.media.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An abandoned handshake must end, not spin, and must not hold a thread it does not need: before, the closed datagram
 * transport answered every receive with "nothing yet" at once, and BouncyCastle kept calling it on a DTLS thread until
 * its handshake timeout (~20 s of a core per abandoned join); and every offer took a DTLS thread at once, even from a
 * peer that never sent a ClientHello.
 */
class DtlsEndpointCloseTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void aPeerThatNeverSendsAClientHelloHoldsNoThread() {
        try (DtlsExecutor executor = new DtlsExecutor(2, 0)) {
            for (int i = 0; i < 20; i++) {
                DtlsEndpoint endpoint = new DtlsEndpoint(DtlsIdentity.generate(random), random, executor, (b, o, l) -> { });
                endpoint.start("sha-256", "AA:BB", keys -> { }, e -> { throw new AssertionError("refused", e); });
            }
            assertEquals(0, executor.threads(), "threads started for peers that sent nothing");
            assertEquals(0, executor.refused());
        }
    }

    @Test
    void closingDuringTheHandshakeFreesItsThreadAtOnce() throws Exception {
        try (DtlsExecutor executor = new DtlsExecutor(2, 4)) {
            DtlsEndpoint endpoint = new DtlsEndpoint(DtlsIdentity.generate(random), random, executor, (b, o, l) -> { });
            endpoint.start("sha-256", "AA:BB", keys -> { }, e -> { });
            SilentDtlsClient client = new SilentDtlsClient(endpoint, random);
            try {
                while (executor.running() == 0) Thread.sleep(10); // the ClientHello launched the handshake
                Thread.sleep(200); // it now waits for a client flight that never comes
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long threadId = findThread("patchbay-dtls-");
                long cpuBefore = threads.getThreadCpuTime(threadId);
                long closedAt = System.nanoTime();
                endpoint.close();
                while (executor.running() > 0 && System.nanoTime() - closedAt < TimeUnit.SECONDS.toNanos(10)) {
                    Thread.sleep(5);
                }
                long freedAfterMs = (System.nanoTime() - closedAt) / 1_000_000;
                long cpuMs = (threads.getThreadCpuTime(threadId) - cpuBefore) / 1_000_000;
                System.out.printf("abandoned handshake ended %d ms after close, using %d ms of CPU%n", freedAfterMs, cpuMs);
                assertEquals(0, executor.running(), "the handshake thread is still busy " + freedAfterMs + " ms after close");
                assertTrue(cpuBefore < 0 || cpuMs < 500, "the closed handshake used " + cpuMs + " ms of CPU");
            } finally {
                client.stop();
            }
        }
    }

    private static long findThread(String prefix) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) return t.getId();
        }
        throw new AssertionError("no thread named " + prefix + "*");
    }
}
