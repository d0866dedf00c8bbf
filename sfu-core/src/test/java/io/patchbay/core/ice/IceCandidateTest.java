package io.patchbay.core.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.core.ice.IceCandidate.CandidateType;
import io.patchbay.core.ice.IceCandidate.ParseError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IceCandidateTest {

    @Test
    void parsesChromeHostCandidate() {
        var r = IceCandidate.parse("candidate:842163049 1 udp 2122260223 127.0.0.1 54321 typ host generation 0 ufrag abcd network-id 1");
        assertTrue(r.ok());
        assertEquals("127.0.0.1", r.candidate().address());
        assertEquals(54321, r.candidate().port());
        assertEquals(2122260223L, r.candidate().priority());
        assertEquals(CandidateType.HOST, r.candidate().type());
    }

    @Test
    void parsesRelayWithRelatedAddress() {
        var r = IceCandidate.parse("a=candidate:1 1 UDP 41885439 127.0.0.1 49160 typ relay raddr 127.0.0.1 rport 5000");
        assertTrue(r.ok());
        assertEquals(CandidateType.RELAY, r.candidate().type());
        assertEquals(5000, r.candidate().relatedPort());
    }

    @Test
    void roundTripsThroughSdp() {
        var c = new IceCandidate("1", 1, "udp", 2130706431L, "10.0.0.1", 10000, CandidateType.HOST, null, 0);
        assertEquals(c, IceCandidate.parse(c.toSdp()).candidate());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty line|''|MALFORMED",
        "no prefix|foo 1 udp 1 1.2.3.4 5 typ host|MALFORMED",
        "too few fields|candidate:1 1 udp 1 1.2.3.4 5|MALFORMED",
        "port out of range|candidate:1 1 udp 1 1.2.3.4 70000 typ host|MALFORMED",
        "priority overflow|candidate:1 1 udp 99999999999 1.2.3.4 5 typ host|MALFORMED",
        "unknown type|candidate:1 1 udp 1 1.2.3.4 5 typ bogus|MALFORMED",
        "hostname instead of IP|candidate:1 1 udp 1 evil.example 5 typ host|NOT_IP_LITERAL",
        "hex-and-dots name (passed the old check)|candidate:1 1 udp 1 bad.de 5 typ host|NOT_IP_LITERAL",
        "out-of-range IPv4-looking name|candidate:1 1 udp 1 999.1.1.1 5 typ host|NOT_IP_LITERAL",
        "mdns name is ignored|candidate:1 1 udp 1 0f3c7e2a-1111-2222-3333-444455556666.local 5 typ host|MDNS_ADDRESS",
        "tcp is not supported|candidate:1 1 tcp 1 1.2.3.4 9 typ host tcptype active|UNSUPPORTED_TRANSPORT",
        "non-numeric port|candidate:1 1 udp 1 1.2.3.4 x typ host|MALFORMED",
    })
    void rejectsBadLines(String name, String line, ParseError expected) {
        var r = IceCandidate.parse(line);
        assertFalse(r.ok());
        assertEquals(expected, r.error());
    }
}
