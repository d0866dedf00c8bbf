package io.patchbay.media.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;

/**
 * The server's DTLS identity: an ECDSA P-256 key pair and a self-signed certificate, created once at start-up.
 * WebRTC authenticates it by the SHA-256 fingerprint in the SDP (RFC 8122), not by a CA chain.
 */
public final class DtlsIdentity {
    private final AsymmetricKeyParameter privateKey;
    private final byte[] certificateDer;
    private final String fingerprintSha256;

    private DtlsIdentity(AsymmetricKeyParameter privateKey, byte[] certificateDer) {
        this.privateKey = privateKey;
        this.certificateDer = certificateDer;
        this.fingerprintSha256 = sha256Fingerprint(certificateDer);
    }

    public static DtlsIdentity generate(SecureRandom random) {
        try {
            X9ECParameters curve = ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1);
            ECKeyPairGenerator generator = new ECKeyPairGenerator();
            // Named-curve parameters, so the certificate names secp256r1 by OID: BoringSSL (Chrome) rejects
            // certificates with explicit curve parameters with a decode_error alert.
            generator.init(new ECKeyGenerationParameters(
                    new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, curve), random));
            AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=patchbay");
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                    name,
                    new BigInteger(63, random),
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(30))),
                    name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()));
            AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            X509CertificateHolder holder = builder.build(
                    new BcECContentSignerBuilder(signature, digest).build(keyPair.getPrivate()));
            return new DtlsIdentity(keyPair.getPrivate(), holder.getEncoded());
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the DTLS certificate", e);
        }
    }

    public AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    public byte[] certificateDer() {
        return certificateDer.clone();
    }

    /** Upper-case hex with colons, as written in {@code a=fingerprint:sha-256}. */
    public String fingerprintSha256() {
        return fingerprintSha256;
    }

    public static String sha256Fingerprint(byte[] der) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
            StringBuilder sb = new StringBuilder(digest.length * 3);
            for (int i = 0; i < digest.length; i++) {
                if (i > 0) sb.append(':');
                sb.append(Character.toUpperCase(Character.forDigit((digest[i] >> 4) & 0xF, 16)));
                sb.append(Character.toUpperCase(Character.forDigit(digest[i] & 0xF, 16)));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
