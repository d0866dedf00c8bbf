package io.patchbay.load.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.ice4j.message.Message;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The test peer's own pieces, checked against published vectors and independent implementations. */
class PeerBuildingBlocksTest {

    /** RFC 5769 section 2.1: sample request, password "VOkJxbRl1RmTxUk/WvJxBt". */
    private static final String RFC5769_REQUEST =
            "000100582112a442b7e7a701bc34d686fa87dfae"
            + "802200105354554e207465737420636c69656e74"
            + "002400046e0001ff"
            + "80290008932ff9b151263b36"
            + "000600096576746a3a68367659202020"
            + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
            + "80280004e57a3bcf";

    @Test
    void stunDecoderAcceptsRfc5769SampleRequest() {
        byte[] bytes = HexFormat.of().parseHex(RFC5769_REQUEST);
        StunMessage m = StunMessage.decode(bytes, bytes.length);
        assertNotNull(m);
        assertEquals(StunMessage.BINDING_REQUEST, m.type());
        assertEquals("evtj:h6vY", m.username());
        assertTrue(m.hasValidFingerprintOrNone());
        assertTrue(m.hasValidIntegrity("VOkJxbRl1RmTxUk/WvJxBt"));
        assertFalse(m.hasValidIntegrity("wrong"));
    }

    @Test
    void stunDecoderRejectsTruncatedAndCorruptMessages() {
        byte[] bytes = HexFormat.of().parseHex(RFC5769_REQUEST);
        assertNull(StunMessage.decode(bytes, 19));
        assertNull(StunMessage.decode(bytes, bytes.length - 4));
        bytes[bytes.length - 1] ^= 1;
        StunMessage m = StunMessage.decode(bytes, bytes.length);
        assertNotNull(m);
        assertFalse(m.hasValidFingerprintOrNone());
    }

    @Test
    void stunRequestWeBuildIsAcceptedByIce4jAndVerifies() throws Exception {
        byte[] txId = new byte[12];
        new SecureRandom().nextBytes(txId);
        byte[] bytes = new StunMessage.Builder(StunMessage.BINDING_REQUEST, txId).username("srv:cli")
                .priority(1_845_501_695L).iceControlling(42).useCandidate().encode("server-password-123456");
        Message decoded = Message.decode(bytes, 0, bytes.length);
        assertEquals(Message.BINDING_REQUEST, decoded.getMessageType());
        assertNotNull(decoded.getAttribute(org.ice4j.attribute.Attribute.USE_CANDIDATE));
        assertNotNull(decoded.getAttribute(org.ice4j.attribute.Attribute.FINGERPRINT));
        // MESSAGE-INTEGRITY is the 20 bytes before FINGERPRINT's 8; recompute it with ice4j over the prefix with the adjusted length.
        int miAt = bytes.length - 8 - 24;
        byte[] prefix = java.util.Arrays.copyOf(bytes, miAt);
        int len = miAt - 20 + 24;
        prefix[2] = (byte) (len >> 8);
        prefix[3] = (byte) len;
        byte[] expected = org.ice4j.attribute.MessageIntegrityAttribute.calculateHmacSha1(prefix, 0, prefix.length,
                "server-password-123456".getBytes());
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(bytes, miAt + 4, miAt + 24));

        StunMessage ours = StunMessage.decode(bytes, bytes.length);
        assertTrue(ours.hasValidIntegrity("server-password-123456"));
        assertTrue(ours.hasValidFingerprintOrNone());
    }

    @Test
    void xorMappedAddressRoundTrips() {
        byte[] txId = new byte[12];
        new SecureRandom().nextBytes(txId);
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 54321);
        byte[] bytes = new StunMessage.Builder(StunMessage.BINDING_SUCCESS, txId).xorMappedAddress(a).encode("pw");
        assertEquals(a, StunMessage.decode(bytes, bytes.length).xorMappedAddress());
    }

    @Test
    void rtpWithOneByteExtensionsRoundTrips() {
        RtpPacket p = new RtpPacket(true, 96, 65535, 0xFFFFFFF0L, 0xDEADBEEFL,
                Map.of(4, "1".getBytes(), 2, new byte[] {1, 2, 3}, 3, new byte[] {0, 7}), new byte[] {9, 8, 7});
        RtpPacket q = RtpPacket.parse(p.toBytes());
        assertNotNull(q);
        assertEquals(p.marker(), q.marker());
        assertEquals(p.sequenceNumber(), q.sequenceNumber());
        assertEquals(p.timestamp(), q.timestamp());
        assertEquals(p.ssrc(), q.ssrc());
        assertArrayEquals("1".getBytes(), q.extensions().get(4));
        assertArrayEquals(new byte[] {1, 2, 3}, q.extensions().get(2));
        assertArrayEquals(p.payload(), q.payload());
        assertNull(RtpPacket.parse(java.util.Arrays.copyOf(p.toBytes(), 14)));
    }

    @Test
    void rtcpPliAndReceiverReportParse() {
        byte[] pli = Rtcp.pli(1, 2);
        byte[] rr = Rtcp.receiverReport(1, List.of(new Rtcp.ReportBlock(5, 100, 0), new Rtcp.ReportBlock(6, 7, 0)));
        byte[] compound = new byte[rr.length + pli.length];
        System.arraycopy(rr, 0, compound, 0, rr.length);
        System.arraycopy(pli, 0, compound, rr.length, pli.length);
        List<Rtcp.Packet> packets = Rtcp.parseCompound(compound);
        assertEquals(2, packets.size());
        assertEquals(List.of(5L, 6L), packets.get(0).reportedSsrcs());
        assertTrue(packets.get(1).isPli());
        assertEquals(2, packets.get(1).mediaSsrc());
        assertNull(Rtcp.parseCompound(java.util.Arrays.copyOf(compound, compound.length - 1)));
    }

    /** Our DTLS client and SRTP keys against BouncyCastle's DTLS server and jitsi-srtp on the server side. */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void dtlsClientNegotiatesSrtpWithABouncyCastleServer(SrtpProfile profile) throws Exception {
        PeerCertificate serverCert = PeerCertificate.generate();
        PeerCertificate clientCert = PeerCertificate.generate();
        try (UdpMux clientMux = new UdpMux("c"); UdpMux serverMux = new UdpMux("s")) {
            DtlsDatagramTransport clientSide = datagrams(clientMux, serverMux.localAddress());
            DtlsDatagramTransport serverSide = datagrams(serverMux, clientMux.localAddress());
            BcTlsCrypto serverCrypto = new BcTlsCrypto(new SecureRandom());
            SrtpTestServer server = new SrtpTestServer(serverCrypto, serverCert);
            CompletableFuture<DTLSTransport> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return new DTLSServerProtocol().accept(server, serverSide);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            PeerDtlsClient client = new PeerDtlsClient(new BcTlsCrypto(new SecureRandom()), clientCert,
                    serverCert.sha256Fingerprint(), List.of(profile));
            new DTLSClientProtocol().connect(client, clientSide);
            accepted.get(10, TimeUnit.SECONDS);
            assertEquals(profile, client.selectedProfile());
            assertArrayEquals(server.keyingMaterial, client.keyingMaterial());
            assertEquals(clientCert.sha256Fingerprint(), server.clientFingerprint);

            // Server protects with server_key/server_salt; our session must unprotect it.
            byte[] km = server.keyingMaterial;
            int k = profile.keyLength;
            int s = profile.saltLength;
            SrtpContextFactory serverSender = new SrtpContextFactory(true, java.util.Arrays.copyOfRange(km, k, 2 * k),
                    java.util.Arrays.copyOfRange(km, 2 * k + s, 2 * k + 2 * s), profile.newPolicy(), profile.newPolicy(),
                    new LoggerImpl("t"));
            SrtpSession session = new SrtpSession(profile, client.keyingMaterial());
            RtpPacket plain = new RtpPacket(false, 111, 100, 1000, 1234, Map.of(4, "0".getBytes()), new byte[] {1, 2, 3, 4});
            SrtpCryptoContext ctx = serverSender.deriveContext(1234, 0);
            PacketBuffer buf = new PacketBuffer(plain.toBytes(), 0, plain.toBytes().length);
            assertEquals(SrtpErrorStatus.OK, ctx.transformPacket(buf));
            byte[] decrypted = session.unprotectRtp(buf.toByteArray());
            assertArrayEquals(plain.toBytes(), decrypted);
            byte[] forged = buf.toByteArray();
            forged[forged.length - 1] ^= 1;
            assertNull(session.unprotectRtp(forged));

            // And what we protect, the server side (client_key) can unprotect.
            SrtpContextFactory serverReceiver = new SrtpContextFactory(false, java.util.Arrays.copyOfRange(km, 0, k),
                    java.util.Arrays.copyOfRange(km, 2 * k, 2 * k + s), profile.newPolicy(), profile.newPolicy(),
                    new LoggerImpl("t"));
            byte[] protectedRtp = session.protectRtp(plain.toBytes());
            PacketBuffer in = new PacketBuffer(protectedRtp, 0, protectedRtp.length);
            assertEquals(SrtpErrorStatus.OK, serverReceiver.deriveContext(1234, 0).reverseTransformPacket(in, false));
            assertArrayEquals(plain.toBytes(), in.toByteArray());
            session.close();
            serverSender.close();
            serverReceiver.close();
        }
    }

    /** A plain BouncyCastle DTLS-SRTP server, as a WebRTC endpoint with setup:passive would be. */
    private static final class SrtpTestServer extends DefaultTlsServer {
        private final BcTlsCrypto bc;
        private final PeerCertificate cert;
        private int[] clientProfiles;
        volatile byte[] keyingMaterial;
        volatile String clientFingerprint;

        SrtpTestServer(BcTlsCrypto crypto, PeerCertificate cert) {
            super(crypto);
            this.bc = crypto;
            this.cert = cert;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
        }

        @Override
        public void processClientExtensions(Hashtable clientExtensions) throws IOException {
            super.processClientExtensions(clientExtensions);
            clientProfiles = TlsSRTPUtils.getUseSRTPExtension(clientExtensions).getProtectionProfiles();
        }

        @Override
        public Hashtable getServerExtensions() throws IOException {
            Hashtable ext = TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
            TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(new int[] {clientProfiles[0]}, TlsUtils.EMPTY_BYTES));
            return ext;
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            TlsCertificate c = bc.createCertificate(cert.der());
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), bc,
                    PrivateKeyFactory.createKey(cert.keyPair().getPrivate().getEncoded()),
                    new Certificate(new TlsCertificate[] {c}),
                    SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            Vector<SignatureAndHashAlgorithm> algs = new Vector<>();
            algs.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign}, algs, null);
        }

        @Override
        public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
            clientFingerprint = PeerCertificate.fingerprintOf(clientCertificate.getCertificateAt(0).getEncoded());
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            SrtpProfile p = SrtpProfile.byTlsId(clientProfiles[0]);
            keyingMaterial = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (p.keyLength + p.saltLength));
        }
    }

    /** DTLS between two muxes: records from {@code remote} are queued, sends go to it. */
    private static DtlsDatagramTransport datagrams(UdpMux mux, java.net.InetSocketAddress remote) {
        DtlsDatagramTransport t = new DtlsDatagramTransport((b, off, len) -> mux.send(b, off, len, remote));
        mux.onDtls((data, from) -> {
            if (remote.equals(from)) t.offer(data);
        });
        return t;
    }
}
