package io.patchbay.signaling.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.tls.TestCertificate;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tls-cert FILE --tls-key FILE} / {@code --tls-self-signed} (the command line's overrides, as Main passes
 * them) and {@code patchbay.http.tls} in a file (where PATCHBAY_TLS_* land too): both files or neither, files or
 * self-signed, and a bad file stops start-up with its name.
 */
class TlsConfigTest {
    private static final String CERT = ConfigLoader.TLS_PATH + ".cert";
    private static final String KEY = ConfigLoader.TLS_PATH + ".key";
    private static final String SELF_SIGNED = ConfigLoader.TLS_PATH + ".self-signed";

    @TempDir
    Path dir;

    @Test
    void neitherMeansPlainHttp() {
        if (System.getenv("PATCHBAY_TLS_CERT") == null && System.getenv("PATCHBAY_TLS_SELF_SIGNED") == null) {
            assertNull(ConfigLoader.load(null).tls());
        }
    }

    @Test
    void bothFilesOnTheCommandLine() throws Exception {
        TestCertificate t = TestCertificate.write(dir, "EC");
        PatchbayConfig c = ConfigLoader.load(null, Map.of(CERT, t.certFile().toString(), KEY, t.keyFile().toString()));
        assertEquals(PatchbayConfig.Tls.files(t.certFile().toString(), t.keyFile().toString()), c.tls());
        assertEquals(c.tls(), c.withHttpPort(0).withMediaPort(0).tls(), "with... keeps TLS");
    }

    @Test
    void bothFilesInTheConfigFile() throws Exception {
        TestCertificate t = TestCertificate.write(dir, "RSA");
        File f = Files.writeString(dir.resolve("patchbay.conf"), "patchbay.http.tls { cert = \"" + t.certFile()
                + "\", key = \"" + t.keyFile() + "\" }\n").toFile();
        assertEquals(PatchbayConfig.Tls.files(t.certFile().toString(), t.keyFile().toString()), ConfigLoader.load(f).tls());
    }

    @Test
    void oneFileWithoutTheOtherIsAnError() throws Exception {
        TestCertificate t = TestCertificate.write(dir, "EC");
        var noKey = assertThrows(ConfigLoader.ConfigError.class,
                () -> ConfigLoader.load(null, Map.of(CERT, t.certFile().toString())));
        assertEquals("--tls-cert and --tls-key (PATCHBAY_TLS_CERT, PATCHBAY_TLS_KEY) go together; no key file is set",
                noKey.getMessage());
        var noCert = assertThrows(ConfigLoader.ConfigError.class,
                () -> ConfigLoader.load(null, Map.of(KEY, t.keyFile().toString())));
        assertTrue(noCert.getMessage().endsWith("no certificate file is set"), noCert.getMessage());
    }

    @Test
    void selfSignedAloneAndNotWithFiles() throws Exception {
        assertEquals(PatchbayConfig.Tls.selfSignedCertificate(),
                ConfigLoader.load(null, Map.of(SELF_SIGNED, "true")).tls());
        TestCertificate t = TestCertificate.write(dir, "EC");
        var e = assertThrows(ConfigLoader.ConfigError.class, () -> ConfigLoader.load(null,
                Map.of(SELF_SIGNED, "true", CERT, t.certFile().toString(), KEY, t.keyFile().toString())));
        assertTrue(e.getMessage().contains("exclude each other"), e.getMessage());
    }

    @Test
    void aBadPemFileStopsStartUpNamingIt() throws Exception {
        TestCertificate t = TestCertificate.write(dir, "EC");
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not PEM at all\n");
        var e = assertThrows(ConfigLoader.ConfigError.class,
                () -> ConfigLoader.load(null, Map.of(CERT, junk.toString(), KEY, t.keyFile().toString())));
        assertTrue(e.getMessage().startsWith("TLS certificate file " + junk + ": no PEM certificate"), e.getMessage());
        Path missing = dir.resolve("missing-key.pem");
        var m = assertThrows(ConfigLoader.ConfigError.class,
                () -> ConfigLoader.load(null, Map.of(CERT, t.certFile().toString(), KEY, missing.toString())));
        assertEquals("TLS key file " + missing + ": no such file", m.getMessage());
    }

    @Test
    void helpListsTheEnvironmentVariables() {
        assertTrue(ConfigLoader.environmentVariables().containsAll(
                java.util.List.of("PATCHBAY_TLS_CERT", "PATCHBAY_TLS_KEY", "PATCHBAY_TLS_SELF_SIGNED")));
    }
}
