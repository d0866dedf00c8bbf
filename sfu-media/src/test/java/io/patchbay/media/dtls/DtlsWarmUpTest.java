package io.patchbay.media.dtls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The start-up warm-up really completes a DTLS-SRTP handshake against the server's own endpoint. */
class DtlsWarmUpTest {
    @Test
    void warmUpCompletesAHandshakeAndProtectsAPacket() throws Exception {
        ExecutorService executor = Executors.newCachedThreadPool();
        try {
            SecureRandom random = new SecureRandom();
            boolean ok = DtlsWarmUp.start(DtlsIdentity.generate(random), random, executor).get(30, TimeUnit.SECONDS);
            assertTrue(ok, "the in-memory handshake and SRTP protect succeed");
        } finally {
            executor.shutdownNow();
        }
    }
}
