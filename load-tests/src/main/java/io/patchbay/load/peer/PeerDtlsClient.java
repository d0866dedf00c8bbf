package io.patchbay.load.peer;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS 1.2 client of a WebRTC peer connection (we answer or offer with the server taking setup:passive).
 * Offers use_srtp with the configured profiles (RFC 5764 section 4.1), presents our self-signed certificate,
 * checks the server's certificate against the fingerprint from its SDP (RFC 8122 section 5), and exports
 * the SRTP keying material (RFC 5764 section 4.2) when the handshake completes.
 * Called by BouncyCastle on the thread that runs {@code DTLSClientProtocol.connect}.
 */
public final class PeerDtlsClient extends DefaultTlsClient {
    private final BcTlsCrypto bcCrypto;
    private final PeerCertificate certificate;
    private final String expectedServerFingerprint;
    private final List<SrtpProfile> offeredProfiles;
    private volatile SrtpProfile selectedProfile;
    private volatile byte[] keyingMaterial;
    public final List<String> alerts = new CopyOnWriteArrayList<>();

    public PeerDtlsClient(BcTlsCrypto crypto, PeerCertificate certificate, String expectedServerFingerprint,
                   List<SrtpProfile> offeredProfiles) {
        super(crypto);
        this.bcCrypto = crypto;
        this.certificate = certificate;
        this.expectedServerFingerprint = expectedServerFingerprint;
        this.offeredProfiles = List.copyOf(offeredProfiles);
    }

    public SrtpProfile selectedProfile() {
        return selectedProfile;
    }

    public byte[] keyingMaterial() {
        return keyingMaterial;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return 10_000;
    }

    @Override
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        int[] ids = offeredProfiles.stream().mapToInt(p -> p.tlsId).toArray();
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(ids, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData useSrtp = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (useSrtp == null || useSrtp.getProtectionProfiles().length != 1) {
            alerts.add("server did not select exactly one use_srtp profile");
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }
        SrtpProfile profile = SrtpProfile.byTlsId(useSrtp.getProtectionProfiles()[0]);
        if (profile == null || !offeredProfiles.contains(profile)) {
            alerts.add("server selected an SRTP profile we did not offer: " + useSrtp.getProtectionProfiles()[0]);
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }
        selectedProfile = profile;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                Certificate chain = serverCertificate.getCertificate();
                if (chain == null || chain.isEmpty()) {
                    alerts.add("server sent no certificate");
                    throw new TlsFatalAlert(AlertDescription.bad_certificate);
                }
                String actual = PeerCertificate.fingerprintOf(chain.getCertificateAt(0).getEncoded());
                if (!actual.equalsIgnoreCase(expectedServerFingerprint)) {
                    alerts.add("server certificate fingerprint " + actual + " != SDP " + expectedServerFingerprint);
                    throw new TlsFatalAlert(AlertDescription.bad_certificate);
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                TlsCertificate tlsCert = bcCrypto.createCertificate(certificate.der());
                return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), bcCrypto,
                        PrivateKeyFactory.createKey(certificate.keyPair().getPrivate().getEncoded()),
                        new Certificate(new TlsCertificate[] {tlsCert}),
                        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        SrtpProfile p = selectedProfile;
        keyingMaterial = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (p.keyLength + p.saltLength));
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        alerts.add("raised " + AlertLevel.getText(level) + " " + AlertDescription.getText(description)
                + (message == null ? "" : " " + message) + (cause == null ? "" : " cause=" + cause));
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        alerts.add("received " + AlertLevel.getText(level) + " " + AlertDescription.getText(description));
    }
}
