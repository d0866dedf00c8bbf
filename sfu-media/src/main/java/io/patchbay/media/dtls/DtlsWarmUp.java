package io.patchbay.media.dtls;

import io.patchbay.media.srtp.SrtpKeys;
import io.patchbay.media.srtp.SrtpProfile;
import io.patchbay.media.srtp.SrtpSession;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * One complete DTLS-SRTP handshake between the server's own {@link DtlsEndpoint} and an in-memory client, plus one
 * SRTP protect, run once at start-up in the background. The first real handshake otherwise pays BouncyCastle's and
 * jitsi-srtp's class loading, native library loading and cold JIT: hundreds of milliseconds added to the first join
 * after a start (or a rolling update). Nothing leaves the process.
 */
public final class DtlsWarmUp {
    private static final Logger LOG = Logger.getLogger(DtlsWarmUp.class.getName());

    private DtlsWarmUp() {
    }

    /**
     * Starts the warm-up on {@code executor}; the future completes (never exceptionally) when it is done, with
     * whether the handshake and the SRTP protect succeeded.
     */
    public static CompletableFuture<Boolean> start(DtlsIdentity serverIdentity, SecureRandom random, Executor executor) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        boolean[] ok = new boolean[1];
        long started = System.nanoTime();
        DtlsIdentity clientIdentity = DtlsIdentity.generate(random);
        DtlsDatagramTransport[] client = new DtlsDatagramTransport[1];
        DtlsEndpoint server = new DtlsEndpoint(serverIdentity, random, executor,
                (buf, off, len) -> client[0].offer(copy(buf, off, len)));
        client[0] = new DtlsDatagramTransport((buf, off, len) -> server.onRecord(copy(buf, off, len)));
        CompletableFuture<SrtpKeys> serverKeys = new CompletableFuture<>();
        server.start("sha-256", clientIdentity.fingerprintSha256(), serverKeys::complete, serverKeys::completeExceptionally);
        executor.execute(() -> {
            try {
                new DTLSClientProtocol().connect(new WarmUpClient(new BcTlsCrypto(random), clientIdentity), client[0]);
                SrtpKeys keys = serverKeys.get(10, TimeUnit.SECONDS);
                SrtpSession srtp = new SrtpSession(keys, true);
                byte[] packet = new byte[12 + 100 + 32];
                packet[0] = (byte) 0x80;
                packet[1] = 96;
                ok[0] = srtp.protectRtp(packet, 0, 112, new int[1]) == io.patchbay.media.srtp.SrtpResult.OK;
                srtp.close();
                long ms = (System.nanoTime() - started) / 1_000_000;
                LOG.fine(() -> "DTLS-SRTP warm-up done in " + ms + " ms");
            } catch (Exception | LinkageError e) {
                LOG.log(Level.WARNING, "DTLS-SRTP warm-up failed (the first join may be slower): " + e);
            } finally {
                server.close();
                client[0].close();
                done.complete(ok[0]);
            }
        });
        return done;
    }

    private static byte[] copy(byte[] buf, int off, int len) {
        byte[] out = new byte[len];
        System.arraycopy(buf, off, out, 0, len);
        return out;
    }

    /** A DTLS 1.2 client offering use_srtp and an ECDSA client certificate, as browsers do. */
    /** A DTLS-SRTP client with its own certificate (package-private: tests drive handshakes with it). */
    static final class WarmUpClient extends DefaultTlsClient {
        private final DtlsIdentity identity;

        WarmUpClient(BcTlsCrypto crypto, DtlsIdentity identity) {
            super(crypto);
            this.identity = identity;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = super.getClientExtensions();
            if (extensions == null) extensions = new Hashtable();
            int[] profiles = new int[SrtpProfile.values().length];
            for (int i = 0; i < profiles.length; i++) profiles[i] = SrtpProfile.values()[i].tlsId();
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(profiles, TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                    // Our own server: nothing to check.
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    BcTlsCrypto crypto = (BcTlsCrypto) getCrypto();
                    TlsCertificate cert = crypto.createCertificate(identity.certificateDer());
                    return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                            identity.privateKey(), new Certificate(new TlsCertificate[] {cert}),
                            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                }
            };
        }
    }
}
