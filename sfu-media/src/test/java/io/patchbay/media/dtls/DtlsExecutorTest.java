package io.patchbay.media.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Handshakes run on a bounded set of threads: peers that start handshakes and abandon them can make the server hold
 * at most that many threads plus a bounded queue; beyond that a handshake fails its transport at once (counted), and
 * once they are closed the threads go away.
 */
class DtlsExecutorTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void abandonedHandshakesBeyondTheBoundAreRefusedAndTheThreadsGoAway() throws Exception {
        int threads = 2;
        int queued = 2;
        int peers = 6;
        List<DtlsEndpoint> endpoints = new ArrayList<>();
        List<SilentDtlsClient> clients = new ArrayList<>();
        List<CompletableFuture<Exception>> failures = new ArrayList<>();
        try (DtlsExecutor executor = new DtlsExecutor(threads, queued)) {
            try {
                for (int i = 0; i < peers; i++) {
                    DtlsEndpoint endpoint = new DtlsEndpoint(DtlsIdentity.generate(random), random, executor, (b, o, l) -> { });
                    CompletableFuture<Exception> failed = new CompletableFuture<>();
                    endpoint.start("sha-256", "AA:BB", keys -> { }, failed::complete);
                    endpoints.add(endpoint);
                    failures.add(failed);
                    clients.add(new SilentDtlsClient(endpoint, random));
                    while (executor.running() + executor.queued() + executor.refused() < i + 1) Thread.sleep(5);
                }
                assertEquals(threads, executor.running(), "handshakes running");
                assertEquals(queued, executor.queued(), "handshakes waiting");
                assertEquals(peers - threads - queued, executor.refused(), "handshakes refused");
                for (int i = threads + queued; i < peers; i++) {
                    Exception e = failures.get(i).get(5, TimeUnit.SECONDS);
                    assertTrue(e.getMessage().contains("DTLS busy"), e.getMessage());
                }
                assertTrue(executor.threads() <= threads, "threads: " + executor.threads());
            } finally {
                endpoints.forEach(DtlsEndpoint::close);
                for (SilentDtlsClient c : clients) c.stop();
            }
            long closedAt = System.nanoTime();
            while ((executor.threads() > 0 || executor.queued() > 0)
                    && System.nanoTime() - closedAt < TimeUnit.SECONDS.toNanos(15)) {
                Thread.sleep(20);
            }
            long goneAfterMs = (System.nanoTime() - closedAt) / 1_000_000;
            System.out.printf("DTLS threads gone %d ms after the handshakes were abandoned%n", goneAfterMs);
            assertEquals(0, executor.threads(), "DTLS threads left after the abandoned handshakes ended");
        }
    }
}
