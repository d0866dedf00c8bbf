package io.patchbay.signaling.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PEM files as operators have them: every failure names the file and says what is wrong. */
class PemCertificateTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"EC", "RSA"})
    void readsTheChainAndTheKeyInTheirTraditionalForm(String algorithm) throws Exception {
        TestCertificate t = TestCertificate.write(dir, algorithm);
        ServerCertificate c = PemCertificate.load(t.certFile(), t.keyFile());
        assertArrayEquals(t.certificate().getEncoded(), c.leafDer());
        String key = c.keyCertOptions().getKeyValues().get(0).toString();
        assertTrue(key.startsWith("-----BEGIN PRIVATE KEY-----"), "Vert.x gets PKCS#8: " + key);
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.pem");
        IOException e = assertThrows(IOException.class, () -> PemCertificate.load(missing, missing));
        assertEquals("TLS certificate file " + missing + ": no such file", e.getMessage());
    }

    @Test
    void aFileWithoutPemIsNamed() throws Exception {
        TestCertificate t = TestCertificate.write(dir, "EC");
        Path junk = Files.writeString(dir.resolve("junk.pem"), "this is not a certificate\n");
        IOException cert = assertThrows(IOException.class, () -> PemCertificate.load(junk, t.keyFile()));
        assertTrue(cert.getMessage().startsWith("TLS certificate file " + junk + ": no PEM certificate"), cert.getMessage());
        IOException key = assertThrows(IOException.class, () -> PemCertificate.load(t.certFile(), junk));
        assertTrue(key.getMessage().startsWith("TLS key file " + junk + ": no PEM private key"), key.getMessage());
        IOException swapped = assertThrows(IOException.class, () -> PemCertificate.load(t.keyFile(), t.certFile()));
        assertTrue(swapped.getMessage().contains(t.keyFile().toString()), swapped.getMessage());
    }

    @Test
    void brokenBase64IsNamed() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
        TestCertificate t = TestCertificate.write(dir, "EC");
        IOException e = assertThrows(IOException.class, () -> PemCertificate.load(broken, t.keyFile()));
        assertTrue(e.getMessage().startsWith("TLS certificate file " + broken + ": not valid PEM"), e.getMessage());
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        TestCertificate ec = TestCertificate.write(dir, "EC");
        TestCertificate rsa = TestCertificate.write(dir, "RSA");
        Path otherEc = Files.createDirectory(dir.resolve("other"));
        TestCertificate ec2 = TestCertificate.write(otherEc, "EC");
        for (Path wrongKey : new Path[] {rsa.keyFile(), ec2.keyFile()}) {
            IOException e = assertThrows(IOException.class, () -> PemCertificate.load(ec.certFile(), wrongKey));
            assertEquals("TLS key file " + wrongKey + " does not belong to the first certificate of " + ec.certFile(),
                    e.getMessage());
        }
    }
}
