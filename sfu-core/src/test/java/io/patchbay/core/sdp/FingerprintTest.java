package io.patchbay.core.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FingerprintTest {
    private static final String HEX = "52:45:7a:92:66:16:ce:70:98:ed:3e:15:cd:37:8d:d5:f1:ad:09:13:56:9f:d0:7a:2b:84:cb:48:19:4d:4a:48";

    @Test
    void parseNormalizesToUpperCaseHexAndLowerCaseHashName() {
        Fingerprint fp = Fingerprint.parse("SHA-256 " + HEX).orElseThrow();
        assertEquals("sha-256", fp.algorithm());
        assertEquals(HEX.toUpperCase(), fp.value());
        assertEquals("sha-256 " + HEX.toUpperCase(), fp.toSdpValue());
    }

    @Test
    void matchesIgnoresCase() {
        Fingerprint upper = Fingerprint.of("sha-256", HEX.toUpperCase());
        assertTrue(upper.matches(Fingerprint.of("SHA-256", HEX)));
        assertFalse(upper.matches(Fingerprint.of("sha-256", HEX.replace("52", "53"))));
        assertFalse(upper.matches(null));
    }

    @Test
    void bytesAndSha256FactoryAgree() {
        byte[] hash = new byte[32];
        hash[0] = (byte) 0xAB;
        hash[31] = 0x01;
        Fingerprint fp = Fingerprint.sha256(hash);
        assertTrue(fp.value().startsWith("AB:00"));
        assertTrue(fp.value().endsWith(":01"));
        assertArrayEquals(hash, fp.bytes());
    }

    @Test
    void refusesWrongLengthBadHexAndMissingColons() {
        assertEquals(Optional.empty(), Fingerprint.parse("sha-256 AB:CD"));
        assertEquals(Optional.empty(), Fingerprint.parse("sha-1 " + HEX));
        assertEquals(Optional.empty(), Fingerprint.parse("sha-256 " + HEX.replace("52", "G2")));
        assertEquals(Optional.empty(), Fingerprint.parse("sha-256 " + HEX.replace(":", "")));
        assertEquals(Optional.empty(), Fingerprint.parse("sha-256"));
        assertEquals(Optional.empty(), Fingerprint.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.of("sha-256", "AB"));
    }

    @Test
    void unknownHashNamesAreKeptWithinSixtyFourBytes() {
        assertTrue(Fingerprint.parse("x-new AB:CD").isPresent());
        assertEquals(Optional.empty(), Fingerprint.parse("x-new " + "AB:".repeat(64) + "AB"));
    }
}
