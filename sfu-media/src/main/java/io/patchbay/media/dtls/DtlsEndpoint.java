package io.patchbay.media.dtls;

import io.patchbay.media.srtp.SrtpKeys;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS side of one WebRTC transport (server role, {@code a=setup:passive}). The handshake runs on the bounded
 * {@link DtlsExecutor} because BouncyCastle's API blocks; it takes a thread only once the client's first record has
 * arrived (a peer that offers and never sends a ClientHello holds no thread). The exported SRTP keys are handed to
 * {@code onKeys}, which must post them to the media thread. After the handshake, late records (a retransmitted client
 * Finished, an alert) are still fed to BouncyCastle, by one task at a time.
 */
public final class DtlsEndpoint {
    private static final Logger LOG = Logger.getLogger(DtlsEndpoint.class.getName());

    private final DtlsDatagramTransport datagrams;
    private final Executor executor;
    private final DtlsIdentity identity;
    private final SecureRandom random;
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile DTLSTransport established;
    private volatile boolean started;
    private volatile boolean launched;
    private volatile boolean closed;
    private String fingerprintAlgorithm;
    private String fingerprint;
    private Consumer<SrtpKeys> onKeys;
    private Consumer<Exception> onFailure;

    public DtlsEndpoint(DtlsIdentity identity, SecureRandom random, Executor executor,
                        DtlsDatagramTransport.Sender sender) {
        this.identity = identity;
        this.random = random;
        this.executor = executor;
        this.datagrams = new DtlsDatagramTransport(sender);
    }

    /**
     * Arms the server handshake, checking the client's certificate against {@code fingerprint} from its SDP; it runs
     * when the client's first record is here. Exactly one of the callbacks runs, on a DTLS thread, or on the caller's
     * thread when the executor refuses the handshake.
     */
    public synchronized void start(String fingerprintAlgorithm, String fingerprint,
                                   Consumer<SrtpKeys> onKeys, Consumer<Exception> onFailure) {
        if (started || closed) return;
        this.fingerprintAlgorithm = fingerprintAlgorithm;
        this.fingerprint = fingerprint;
        this.onKeys = onKeys;
        this.onFailure = onFailure;
        started = true;
        if (datagrams.hasPending()) launch();
    }

    private synchronized void launch() {
        if (launched || closed) return;
        launched = true;
        try {
            executor.execute(this::handshake);
        } catch (RejectedExecutionException e) {
            onFailure.accept(new IOException("DTLS busy: too many handshakes in progress"));
        }
    }

    private void handshake() {
        DtlsSrtpServer server = new DtlsSrtpServer(new BcTlsCrypto(random), identity, fingerprintAlgorithm, fingerprint);
        try {
            DTLSServerProtocol protocol = new DTLSServerProtocol();
            // No HelloVerifyRequest: ICE consent already proved the peer owns its address, and it costs a round trip.
            protocol.setVerifyRequests(false);
            DTLSTransport transport = protocol.accept(server, datagrams);
            established = transport;
            onKeys.accept(server.keys());
            if (datagrams.hasPending()) scheduleDrain(transport);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "DTLS handshake failed", e);
            if (!closed) onFailure.accept(e);
        }
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
            scheduleDrain(transport);
        } else if (started && !launched) {
            launch();
        }
        return true;
    }

    /** At most one drain task per endpoint: BouncyCastle's record layer is not safe for concurrent readers. */
    private void scheduleDrain(DTLSTransport transport) {
        if (!draining.compareAndSet(false, true)) return;
        try {
            executor.execute(() -> drainAfterHandshake(transport));
        } catch (RejectedExecutionException e) {
            draining.set(false); // the records stay queued; the next one tries again
        }
    }

    private void drainAfterHandshake(DTLSTransport transport) {
        byte[] buf = new byte[1500];
        do {
            try {
                // Application data is not expected on WebRTC media transports (no data channels yet); reading lets
                // BouncyCastle retransmit its last flight or process a close_notify.
                while (!closed && datagrams.hasPending()) transport.receive(buf, 0, buf.length, 1);
            } catch (IOException e) {
                LOG.log(Level.FINE, "DTLS record after handshake rejected: {0}", e.toString());
            } finally {
                draining.set(false);
            }
            // A record offered between the last receive and the reset above would otherwise wait for the next one.
        } while (!closed && datagrams.hasPending() && draining.compareAndSet(false, true));
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
