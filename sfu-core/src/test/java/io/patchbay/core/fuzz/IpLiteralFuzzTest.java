package io.patchbay.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.patchbay.core.ice.IpLiteral;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of {@link IpLiteral#parse}: null or 4/16 bytes, never an exception; what is accepted is
 * spelt in ASCII hex digits, dots and colons only (so nothing accepted here can reach a resolver as a name) and the
 * JDK's spelling of the same bytes parses back to them.
 */
class IpLiteralFuzzTest {
    @FuzzTest(maxDuration = FuzzBudget.CI)
    void ipLiteral(byte[] input) throws UnknownHostException {
        String text = new String(input, StandardCharsets.UTF_8);
        byte[] bytes = IpLiteral.parse(text);
        if (bytes == null) {
            return;
        }
        assertTrue(bytes.length == 4 || bytes.length == 16, "4 or 16 bytes");
        assertTrue(text.chars().allMatch(IpLiteralFuzzTest::literalChar), "ASCII literal characters only: " + text);
        String canonical = InetAddress.getByAddress(bytes).getHostAddress(); // no lookup: bytes given
        byte[] again = IpLiteral.parse(canonical);
        if (bytes.length == 16 && again != null && again.length == 4) {
            return; // the JDK spells ::ffff:a.b.c.d as a.b.c.d
        }
        assertArrayEquals(bytes, again, "the JDK's spelling " + canonical + " parses to the same bytes");
    }

    private static boolean literalChar(int c) {
        return c == '.' || c == ':' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
