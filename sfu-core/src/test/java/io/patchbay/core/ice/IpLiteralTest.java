package io.patchbay.core.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "10.77.0.1", "192.0.2.2", "::", "::1",
            "fe80::1", "2001:db8::8a2e:370:7334", "2001:0db8:0000:0000:0000:ff00:0042:8329", "::ffff:192.0.2.128",
            "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6::", "::2:3:4:5:6:7:8", "64:ff9b::192.0.2.33", "ABCD::ef01"})
    void literalsGiveTheSameBytesAsTheJdk(String text) throws Exception {
        // InetAddress.getByName does not resolve anything for a literal; it is the reference here.
        assertArrayEquals(InetAddress.getByName(text).getAddress(), normalize(IpLiteral.parse(text)), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bad.de", "999.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "01234.1.1.1",
            "1.2.3.4 ", " 1.2.3.4", "example.com", "localhost", "abc.def", "a.b.c.d", "1..2.3", "256.0.0.1",
            ":::", "1:::2", "1::2::3", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::1",
            "fe80::1%eth0", "::g", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "1:", "[::1]", "0x7f.0.0.1", "+1.2.3.4"})
    void anythingElseIsRefused(String text) {
        assertNull(IpLiteral.parse(text), text);
    }

    @Test
    void randomStringsNeverThrow() {
        Random random = new Random(42);
        String alphabet = "0123456789abcdefABCDEF.:%[]xg -";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(48);
            for (int j = 0; j < length; j++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            IpLiteral.parse(sb.toString());
        }
    }

    /** The JDK turns IPv4-mapped IPv6 (::ffff:a.b.c.d) into 4 bytes. */
    private static byte[] normalize(byte[] address) {
        if (address == null || address.length != 16) return address;
        for (int i = 0; i < 10; i++) if (address[i] != 0) return address;
        if (address[10] != (byte) 0xFF || address[11] != (byte) 0xFF) return address;
        return new byte[] {address[12], address[13], address[14], address[15]};
    }
}
