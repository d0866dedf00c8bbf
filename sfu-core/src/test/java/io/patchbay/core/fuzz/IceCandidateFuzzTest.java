package io.patchbay.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.patchbay.core.ice.IceCandidate;
import io.patchbay.core.ice.IpLiteral;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of trickled candidate lines ({@link IceCandidate#parse}): a result or a typed error, never
 * an exception; what parses has an IP literal, ports in range and round-trips through {@link IceCandidate#toSdp}.
 */
class IceCandidateFuzzTest {
    @FuzzTest(maxDuration = FuzzBudget.CI)
    void candidateLine(byte[] input) {
        IceCandidate.ParseResult result = IceCandidate.parse(new String(input, StandardCharsets.UTF_8));
        assertNotEquals(result.ok(), result.error() != null, "exactly one of candidate and error");
        if (!result.ok()) {
            return;
        }
        IceCandidate c = result.candidate();
        assertNotNull(IpLiteral.parse(c.address()), "the address is an IP literal");
        assertTrue(c.port() >= 0 && c.port() <= 65535 && c.relatedPort() >= 0 && c.relatedPort() <= 65535, "ports");
        assertTrue(c.relatedAddress() != null || c.relatedPort() == 0, "a related port only with its address");
        assertEquals(c, IceCandidate.parse(c.toSdp()).candidate(), "parse(toSdp()) round-trips");
    }
}
