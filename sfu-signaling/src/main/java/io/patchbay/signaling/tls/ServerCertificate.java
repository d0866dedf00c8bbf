package io.patchbay.signaling.tls;

import io.patchbay.media.dtls.DtlsIdentity;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * What the HTTP port serves TLS with: a certificate chain (leaf first) and the leaf's private key, kept in memory.
 * Both the PEM files and the self-signed generator produce one; Vert.x gets it re-encoded as PEM (the key as PKCS#8),
 * so whatever key format BouncyCastle read, Vert.x sees the one it reads best.
 */
public final class ServerCertificate {
    private final List<byte[]> chainDer;
    private final PrivateKey key;

    public ServerCertificate(List<byte[]> chainDer, PrivateKey key) {
        if (chainDer.isEmpty()) throw new IllegalArgumentException("a certificate chain needs a certificate");
        this.chainDer = chainDer.stream().map(byte[]::clone).toList();
        this.key = key;
    }

    public byte[] leafDer() {
        return chainDer.get(0).clone();
    }

    /** SHA-256 of the leaf certificate, upper-case hex with colons (as browsers and {@code openssl x509 -fingerprint} show it). */
    public String fingerprintSha256() {
        return DtlsIdentity.sha256Fingerprint(chainDer.get(0));
    }

    public PemKeyCertOptions keyCertOptions() {
        List<PemObject> certificates = new ArrayList<>();
        for (byte[] der : chainDer) certificates.add(new PemObject("CERTIFICATE", der));
        return new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(pem(certificates)))
                .setKeyValue(Buffer.buffer(pem(List.of(new PemObject("PRIVATE KEY", key.getEncoded())))));
    }

    /** Trust in exactly this certificate (a cluster whose nodes share one: they accept each other and nobody else). */
    public io.vertx.core.net.PemTrustOptions trustThisOptions() {
        return new io.vertx.core.net.PemTrustOptions()
                .addCertValue(Buffer.buffer(pem(List.of(new PemObject("CERTIFICATE", chainDer.get(0))))));
    }

    private static String pem(List<PemObject> objects) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            for (PemObject o : objects) writer.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
