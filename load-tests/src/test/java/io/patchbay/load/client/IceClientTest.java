package io.patchbay.load.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.load.peer.RemoteSdp;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IceClientTest {
    private final List<InetSocketAddress> sent = new ArrayList<>();
    private final IceClient ice = new IceClient((data, to) -> sent.add(to), "localU", "localPwd0123456789abcdef", true);

    @Test
    void aTrickledCandidateIsCheckedAtTheNextTickNotTheNextRound() {
        ice.setRemoteCredentials("remoteU", "remotePwd0123456789abcdef");
        ice.tick(1_000_000_000L); // no candidate yet: the next round is 50 ms away
        assertTrue(sent.isEmpty());

        InetSocketAddress server = new InetSocketAddress("127.0.0.1", 10000);
        ice.addRemoteCandidate(server);
        ice.tick(1_001_000_000L);

        assertEquals(List.of(server), sent, "checked 1 ms later");
        ice.tick(1_002_000_000L);
        assertEquals(1, sent.size(), "then every 50 ms again");
        ice.tick(1_052_000_000L);
        assertEquals(2, sent.size());
    }

    @Test
    void dtlsWaitsBrieflyForAFullAgentsCheckButNotForAnIceLiteOne() throws Exception {
        long t0 = System.nanoTime();
        ice.awaitRemoteCheck(100_000_000L);
        assertTrue(System.nanoTime() - t0 >= 100_000_000L, "a full agent's check is awaited (bounded)");

        ice.setRemoteLite(true);
        t0 = System.nanoTime();
        ice.awaitRemoteCheck(5_000_000_000L);
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "an ICE-lite agent sends none: no wait");
    }

    @Test
    void iceLiteIsReadFromTheSessionLevel() {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-lite\r\na=group:BUNDLE 0\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=ice-ufrag:u\r\na=ice-pwd:p\r\n";
        assertTrue(RemoteSdp.parse(sdp).iceLite());
        assertFalse(RemoteSdp.parse(sdp.replace("a=ice-lite\r\n", "")).iceLite());
    }
}
