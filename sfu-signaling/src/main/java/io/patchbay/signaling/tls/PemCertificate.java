package io.patchbay.signaling.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a certificate chain and its private key from PEM files (as certbot, mkcert or openssl write them) with
 * BouncyCastle's parser, and checks that the key belongs to the first certificate. Every failure is an
 * {@link IOException} whose message names the file and what is wrong with it.
 */
public final class PemCertificate {
    private PemCertificate() {
    }

    public static ServerCertificate load(Path certFile, Path keyFile) throws IOException {
        List<byte[]> chain = readCertificates(certFile);
        PrivateKey key = readKey(keyFile);
        checkKeyMatches(chain.get(0), key, certFile, keyFile);
        return new ServerCertificate(chain, key);
    }

    private static List<byte[]> readCertificates(Path file) throws IOException {
        List<byte[]> chain = new ArrayList<>();
        for (Object o : readPem(file, "certificate")) {
            if (o instanceof X509CertificateHolder c) chain.add(c.getEncoded());
        }
        if (chain.isEmpty()) {
            throw new IOException("TLS certificate file " + file + ": no PEM certificate in it "
                    + "(expected -----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    /** The first private key in the file; other blocks (EC PARAMETERS, a certificate) are passed over. */
    private static PrivateKey readKey(Path file) throws IOException {
        for (Object o : readPem(file, "key")) {
            if (o instanceof PEMKeyPair pair) return convert(pair.getPrivateKeyInfo(), file);
            if (o instanceof PrivateKeyInfo info) return convert(info, file);
            if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new IOException("TLS key file " + file + ": the key is encrypted; give an unencrypted one "
                        + "(openssl pkey -in " + file + " -out key.pem)");
            }
        }
        throw new IOException("TLS key file " + file + ": no PEM private key in it "
                + "(expected -----BEGIN PRIVATE KEY-----, EC PRIVATE KEY or RSA PRIVATE KEY)");
    }

    private static PrivateKey convert(PrivateKeyInfo info, Path file) throws IOException {
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (PEMException e) {
            throw new IOException("TLS key file " + file + ": unusable private key (" + e.getMessage() + ")");
        }
    }

    private static List<Object> readPem(Path file, String what) throws IOException {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) objects.add(o);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("TLS " + what + " file " + file + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("TLS " + what + " file " + file + ": not readable (permission denied)");
        } catch (IOException | RuntimeException e) {
            throw new IOException("TLS " + what + " file " + file + ": not valid PEM (" + e.getMessage() + ")");
        }
        return objects;
    }

    /** Signs with the key and verifies with the certificate: works for any key type without comparing encodings. */
    private static void checkKeyMatches(byte[] leafDer, PrivateKey key, Path certFile, Path keyFile) throws IOException {
        try {
            PublicKey certKey = new JcaX509CertificateConverter().getCertificate(new X509CertificateHolder(leafDer))
                    .getPublicKey();
            String algorithm = switch (key.getAlgorithm()) {
                case "EC", "ECDSA" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                default -> key.getAlgorithm(); // Ed25519, Ed448
            };
            byte[] probe = "patchbay".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certKey);
            verifier.update(probe);
            if (verifier.verify(signature)) return;
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: reported below
        }
        throw new IOException("TLS key file " + keyFile + " does not belong to the first certificate of " + certFile);
    }
}
