package io.patchbay.signaling.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.core.config.PatchbayConfig;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void embeddedDefaultsMatchTheDocumentedOnes() {
        // Assumes the test JVM has no PATCHBAY_* variables set (CI has none).
        PatchbayConfig c = ConfigLoader.load(null);
        assertEquals(System.getenv("PATCHBAY_HTTP_PORT") == null ? 8080 : Integer.parseInt(System.getenv("PATCHBAY_HTTP_PORT")), c.httpPort());
        assertEquals(System.getenv("PATCHBAY_MEDIA_PORT") == null ? 10000 : Integer.parseInt(System.getenv("PATCHBAY_MEDIA_PORT")), c.mediaPort());
        assertEquals(PatchbayConfig.defaults().httpHost(), c.httpHost());
    }

    @Test
    void operatorFileOverridesOnlyWhatItNames() throws Exception {
        File f = File.createTempFile("patchbay", ".conf");
        f.deleteOnExit();
        Files.writeString(f.toPath(), """
                patchbay.media.port = 12000
                patchbay.media.bind-address = "127.0.0.1, 127.0.0.2"
                patchbay.ice-servers = "[{\\"urls\\":\\"turn:127.0.0.1:3478\\",\\"username\\":\\"u\\",\\"credential\\":\\"p\\"}]"
                """);
        PatchbayConfig c = ConfigLoader.load(f);
        assertEquals(12000, c.mediaPort());
        assertTrue(c.mediaBatchedSends() || "false".equals(System.getenv("PATCHBAY_MEDIA_BATCHED_SENDS")),
                "batched sends are the default");
        Files.writeString(f.toPath(), "patchbay.media.batched-sends = false\n");
        assertEquals(false, ConfigLoader.load(f).mediaBatchedSends());
        assertEquals(List.of("127.0.0.1", "127.0.0.2"), c.bindAddresses());
        assertEquals(List.of("turn:127.0.0.1:3478"), c.iceServers().get(0).urls());
        assertEquals("u", c.iceServers().get(0).username());
    }

    @Test
    void apiKeysFromTheFile() throws Exception {
        assertTrue(ConfigLoader.load(null).apiKeys().isEmpty() || System.getenv("PATCHBAY_API_KEY") != null);
        File f = File.createTempFile("patchbay", ".conf");
        f.deleteOnExit();
        Files.writeString(f.toPath(), """
                patchbay.api.keys = [ { key = "k2", secret = "s2-0123456789abcdef0123456789abcdef" }, { key = "k1", secret = "s1-0123456789abcdef0123456789abcdef" } ]
                """);
        PatchbayConfig c = ConfigLoader.load(f);
        if (System.getenv("PATCHBAY_API_KEY") == null) {
            assertEquals(List.of(new PatchbayConfig.ApiKey("k2", "s2-0123456789abcdef0123456789abcdef"),
                    new PatchbayConfig.ApiKey("k1", "s1-0123456789abcdef0123456789abcdef")), c.apiKeys());
        }
        Files.writeString(f.toPath(), "patchbay.api.keys = [ { key = \"k\" } ]\n");
        assertThrows(ConfigLoader.ConfigError.class, () -> ConfigLoader.load(f));
        Files.writeString(f.toPath(), "patchbay.api.keys = [ { key = \"k\", secret = \"short\" } ]\n");
        ConfigLoader.ConfigError tooShort = assertThrows(ConfigLoader.ConfigError.class, () -> ConfigLoader.load(f));
        assertTrue(tooShort.getMessage().contains("at least 32 bytes"), tooShort.getMessage());
    }

    @Test
    void turnServerWithSharedSecret() throws Exception {
        File f = File.createTempFile("patchbay", ".conf");
        f.deleteOnExit();
        Files.writeString(f.toPath(), """
                patchbay.turn.urls = "turn:127.0.0.1:3478?transport=udp, turn:127.0.0.1:3478?transport=tcp"
                patchbay.turn.shared-secret = "s3cret"
                patchbay.turn.ttl-seconds = 600
                """);
        PatchbayConfig c = ConfigLoader.load(f);
        assertEquals(2, c.turn().urls().size());
        assertEquals("s3cret", c.turn().sharedSecret());
        assertEquals(600, c.turn().ttlSeconds());
        Files.writeString(f.toPath(), "patchbay.turn.urls = \"turn:127.0.0.1:3478\"\n");
        var e = assertThrows(ConfigLoader.ConfigError.class, () -> ConfigLoader.load(f));
        assertTrue(e.getMessage().contains("go together"), e.getMessage());
        assertEquals(null, ConfigLoader.load(null).turn(), "no TURN by default");
    }

    @Test
    void badValuesGiveOneLineErrors() throws Exception {
        File f = File.createTempFile("patchbay", ".conf");
        f.deleteOnExit();
        Files.writeString(f.toPath(), "patchbay.media.port = 70000\n");
        var e = assertThrows(ConfigLoader.ConfigError.class, () -> ConfigLoader.load(f));
        assertTrue(e.getMessage().contains("media port out of range"), e.getMessage());
        Files.writeString(f.toPath(), "patchbay.ice-servers = \"[{]\"\n");
        assertThrows(ConfigLoader.ConfigError.class, () -> ConfigLoader.load(f));
        assertThrows(ConfigLoader.ConfigError.class, () -> ConfigLoader.load(new File("/nonexistent/patchbay.conf")));
    }

    @Test
    void webhooksNeedASecret() throws Exception {
        File f = File.createTempFile("patchbay", ".conf");
        f.deleteOnExit();
        if (System.getenv("PATCHBAY_WEBHOOK_URLS") == null) assertEquals(null, ConfigLoader.load(null).webhooks());
        Files.writeString(f.toPath(), """
                patchbay.webhooks.urls = "http://127.0.0.1:9000/a, https://hooks.example.com/b"
                patchbay.webhooks.secret = "hook-secret"
                """);
        PatchbayConfig c = ConfigLoader.load(f);
        assertEquals(java.util.List.of("http://127.0.0.1:9000/a", "https://hooks.example.com/b"), c.webhooks().urls());
        assertEquals("hook-secret", c.webhooks().secret());
        assertEquals(c.webhooks(), c.withHttpPort(1).withApiKeys(java.util.List.of()).webhooks(), "with... keeps webhooks");
        Files.writeString(f.toPath(), "patchbay.webhooks.urls = \"http://127.0.0.1:9000/a\"\n");
        if (System.getenv("PATCHBAY_WEBHOOK_SECRET") == null) {
            var e = assertThrows(ConfigLoader.ConfigError.class, () -> ConfigLoader.load(f));
            assertTrue(e.getMessage().contains("webhooks.secret"), e.getMessage());
        }
        Files.writeString(f.toPath(), "patchbay.webhooks.urls = \"ftp://x\"\npatchbay.webhooks.secret = \"s\"\n");
        assertThrows(ConfigLoader.ConfigError.class, () -> ConfigLoader.load(f));
    }

    @Test
    void limitsHaveTheDocumentedDefaultsAndComeFromTheFile() throws Exception {
        // Assumes the test JVM has no PATCHBAY_MAX_* variables set (CI has none).
        assertEquals(io.patchbay.signaling.limits.SignalingLimits.DEFAULTS, ConfigLoader.loadLimits(null));
        File f = File.createTempFile("patchbay", ".conf");
        f.deleteOnExit();
        Files.writeString(f.toPath(), """
                patchbay.limits.connections-per-ip = 1000
                patchbay.limits.tracks-per-participant = 4
                patchbay.limits.media-packets-per-second = 5000
                patchbay.limits.dtls-handshakes = 8
                """);
        assertEquals(new io.patchbay.signaling.limits.SignalingLimits(1000, 300, 4,
                new io.patchbay.media.MediaLimits(5000, 20_000_000L, 2048, 8, 256)), ConfigLoader.loadLimits(f));
        Files.writeString(f.toPath(), "patchbay.limits.participants = 0\n");
        var e = assertThrows(ConfigLoader.ConfigError.class, () -> ConfigLoader.loadLimits(f));
        assertTrue(e.getMessage().contains("limits.participants must be at least 1"), e.getMessage());
    }
}
