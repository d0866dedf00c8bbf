package io.patchbay.media.dtls;

import io.patchbay.media.srtp.SrtpKeys;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS side of one WebRTC transport (server role, {@code a=setup:passive}). The handshake runs on the shared
 * DTLS executor because BouncyCastle's API blocks; the exported SRTP keys are handed to {@code onKeys}, which must
 * post them to the media thread. After the handshake, late records (a retransmitted client Finished, an alert) are
 * still fed to BouncyCastle so it can answer them.
 */
public final class DtlsEndpoint {
    private static final Logger LOG = Logger.getLogger(DtlsEndpoint.class.getName());

    private final DtlsDatagramTransport datagrams;
    private final ExecutorService executor;
    private final DtlsIdentity identity;
    private final SecureRandom random;
    private volatile DTLSTransport established;
    private volatile boolean started;
    private volatile boolean closed;

    public DtlsEndpoint(DtlsIdentity identity, SecureRandom random, ExecutorService executor,
                        DtlsDatagramTransport.Sender sender) {
        this.identity = identity;
        this.random = random;
        this.executor = executor;
        this.datagrams = new DtlsDatagramTransport(sender);
    }

    /**
     * Starts the server handshake, checking the client's certificate against {@code fingerprint} from its SDP.
     * Exactly one of the callbacks runs, on the DTLS executor.
     */
    public synchronized void start(String fingerprintAlgorithm, String fingerprint,
                                   Consumer<SrtpKeys> onKeys, Consumer<Exception> onFailure) {
        if (started || closed) return;
        started = true;
        executor.execute(() -> {
            DtlsSrtpServer server = new DtlsSrtpServer(new BcTlsCrypto(random), identity, fingerprintAlgorithm, fingerprint);
            try {
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                // No HelloVerifyRequest: ICE consent already proved the peer owns its address, and it costs a round trip.
                protocol.setVerifyRequests(false);
                DTLSTransport transport = protocol.accept(server, datagrams);
                established = transport;
                onKeys.accept(server.keys());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "DTLS handshake failed", e);
                if (!closed) onFailure.accept(e);
            }
        });
    }

    public boolean isStarted() {
        return started;
    }

    /** The handshake completed (SRTP keys were exported). */
    public boolean isEstablished() {
        return established != null;
    }

    /**
     * A DTLS record arrived from the peer (socket thread); records that arrive before {@link #start} wait in the
     * bounded queue. Returns false if it was dropped.
     */
    public boolean onRecord(byte[] record) {
        if (closed || !datagrams.offer(record)) return false;
        DTLSTransport transport = established;
        if (transport != null) {
            executor.execute(() -> drainAfterHandshake(transport));
        }
        return true;
    }

    private void drainAfterHandshake(DTLSTransport transport) {
        byte[] buf = new byte[1500];
        try {
            // Application data is not expected on WebRTC media transports (no data channels yet); reading lets
            // BouncyCastle retransmit its last flight or process a close_notify.
            transport.receive(buf, 0, buf.length, 1);
        } catch (IOException e) {
            LOG.log(Level.FINE, "DTLS record after handshake rejected: {0}", e.toString());
        }
    }

    public void close() {
        closed = true;
        DTLSTransport transport = established;
        if (transport != null) {
            try {
                transport.close();
            } catch (IOException ignored) {
                // best effort close_notify
            }
        }
        datagrams.close();
    }
}
