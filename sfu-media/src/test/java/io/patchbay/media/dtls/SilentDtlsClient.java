package io.patchbay.media.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A peer that starts a DTLS handshake toward an endpoint and then abandons it: it sends its ClientHello (and
 * retransmits it) but never reads what the server answers. Runs on its own thread until {@link #stop()}.
 */
final class SilentDtlsClient implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stopped;

    SilentDtlsClient(DtlsEndpoint server, SecureRandom random) {
        DatagramTransport transport = new DatagramTransport() {
            @Override
            public int getReceiveLimit() {
                return 1500;
            }

            @Override
            public int getSendLimit() {
                return 1200;
            }

            @Override
            public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
                if (stopped) throw new IOException("stopped");
                try {
                    Thread.sleep(Math.max(1, Math.min(waitMillis, 50)));
                } catch (InterruptedException e) {
                    throw new IOException("stopped");
                }
                return -1;
            }

            @Override
            public void send(byte[] buf, int off, int len) throws IOException {
                if (stopped) throw new IOException("stopped");
                byte[] record = new byte[len];
                System.arraycopy(buf, off, record, 0, len);
                server.onRecord(record);
            }

            @Override
            public void close() {
            }
        };
        DtlsWarmUp.WarmUpClient client = new DtlsWarmUp.WarmUpClient(new BcTlsCrypto(random), DtlsIdentity.generate(random));
        this.thread = new Thread(() -> {
            try {
                new DTLSClientProtocol().connect(client, transport);
            } catch (IOException | RuntimeException expected) {
                // stopped, or the handshake timed out
            }
        }, "silent-dtls-client");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(5_000);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
