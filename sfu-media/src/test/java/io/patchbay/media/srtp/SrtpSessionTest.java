package io.patchbay.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Real SRTP both ways between a server session and a client session over the same keys: the per-SSRC context tables
 * are bounded, a stream that ends gives its slot back, a full table evicts its least recently used entry, and only
 * packets that authenticate create receive state.
 */
class SrtpSessionTest {
    private static final int STREAMS = 5 * SrtpSession.MAX_SSRCS;

    private final SrtpKeys keys = keys(new Random(7));
    private final SrtpSession server = new SrtpSession(keys, true);
    private final SrtpSession client = new SrtpSession(keys, false);

    @Test
    void streamsThatEndReleaseTheirSsrcsAndTheTablesNeverFill() {
        for (int i = 0; i < STREAMS; i++) {
            long ssrc = 0x10000L + i;
            for (int seq = 0; seq < 3; seq++) {
                assertEquals(SrtpResult.OK, roundTrip(server, client, ssrc, seq), "stream " + i + " packet " + seq);
                assertEquals(SrtpResult.OK, roundTrip(client, server, ssrc, seq), "stream " + i + " packet " + seq);
            }
            server.releaseSendSsrc(ssrc);
            server.releaseReceiveSsrc(ssrc);
            client.releaseSendSsrc(ssrc);
            client.releaseReceiveSsrc(ssrc);
        }
        assertEquals(0, server.sendSsrcCount());
        assertEquals(0, server.receiveSsrcCount());
    }

    @Test
    void aPeerChurningThousandsOfSsrcsNeverLocksOutANewStream() {
        long live = 0x20000L;
        for (int i = 0; i < 1_000; i++) {
            assertEquals(SrtpResult.OK, roundTrip(client, server, 0x30000L + i, 0), "churned SSRC " + i);
            if (i % 50 == 0) assertEquals(SrtpResult.OK, roundTrip(client, server, live, i / 50), "live stream");
        }
        assertEquals(SrtpResult.OK, roundTrip(client, server, 0x90000L, 0), "a new stream after the churn");
        assertEquals(SrtpSession.MAX_SSRCS, server.receiveSsrcCount());
        assertTrue(server.evictedSsrcs() >= 1_000 - SrtpSession.MAX_SSRCS, "evicted " + server.evictedSsrcs());
    }

    @Test
    void packetsThatDoNotAuthenticateTakeNoTableEntry() {
        Random random = new Random(11);
        for (int i = 0; i < 1_000; i++) {
            byte[] junk = new byte[160];
            random.nextBytes(junk);
            junk[0] = (byte) 0x80;
            junk[1] = 96;
            assertEquals(SrtpResult.AUTH_FAILED, server.unprotectRtp(junk, 0, junk.length, new int[1]));
            byte[] rtcp = junk.clone();
            rtcp[1] = (byte) 200;
            assertNotEquals(SrtpResult.OK, server.unprotectRtcp(rtcp, 0, rtcp.length, new int[1]));
        }
        assertEquals(0, server.receiveSsrcCount(), "forged SSRCs got SRTP state");
        assertEquals(SrtpResult.OK, roundTrip(client, server, 0x20000L, 0));
        assertEquals(1, server.receiveSsrcCount());
    }

    @Test
    void releasingOneSsrcKeepsTheOthersWorking() {
        for (int i = 0; i < 4; i++) assertEquals(SrtpResult.OK, roundTrip(server, client, 0x40000L + i, 0));
        server.releaseSendSsrc(0x40000L + 1);
        client.releaseReceiveSsrc(0x40000L + 1);
        for (int i = 0; i < 4; i++) {
            assertEquals(SrtpResult.OK, roundTrip(server, client, 0x40000L + i, 1), "stream " + i);
        }
    }

    @Test
    void replayedAndForgedPacketsAreTypedResultsAndLogNothing() {
        java.util.List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            byte[] packet = new byte[200];
            assertEquals(SrtpResult.OK, protect(server, 0x50000L, 1000, packet));
            byte[] copy = packet.clone();
            int length = 112 + server.rtpOverhead();
            assertEquals(SrtpResult.OK, client.unprotectRtp(packet, 0, length, new int[1]));
            for (int i = 0; i < 10; i++) {
                assertEquals(SrtpResult.REPLAYED, client.unprotectRtp(copy.clone(), 0, length, new int[1]));
            }
            byte[] later = new byte[200];
            assertEquals(SrtpResult.OK, protect(server, 0x50000L, 1200, later));
            assertEquals(SrtpResult.OK, client.unprotectRtp(later, 0, length, new int[1]));
            for (int i = 0; i < 10; i++) {
                assertEquals(SrtpResult.REPLAYED, client.unprotectRtp(copy.clone(), 0, length, new int[1]),
                        "older than the replay window");
            }
            // The sending side refuses (and jitsi-srtp logs at ERROR) a sequence number far behind what it sent:
            // a forwarded packet that arrives very late. Counted by the caller as a send error.
            assertEquals(SrtpResult.REPLAYED, protect(server, 0x50000L, 1000, new byte[200]), "sent again, too old");
            copy[2] = (byte) (1300 >> 8); // a sequence number not seen yet, so authentication is what fails
            copy[3] = (byte) 1300;
            assertEquals(SrtpResult.AUTH_FAILED, client.unprotectRtp(copy, 0, length, new int[1]));
        } finally {
            root.removeHandler(capture);
        }
        assertEquals(List.of(), logged.stream().map(java.util.logging.LogRecord::getMessage).toList(),
                "the peer decides how often these happen: counted, never logged");
    }

    private static SrtpResult roundTrip(SrtpSession from, SrtpSession to, long ssrc, int seq) {
        byte[] packet = new byte[12 + 100 + 32];
        SrtpResult protect = protect(from, ssrc, seq, packet);
        if (protect != SrtpResult.OK) return protect;
        int[] length = new int[1];
        SrtpResult result = to.unprotectRtp(packet, 0, 112 + from.rtpOverhead(), length);
        if (result == SrtpResult.OK) assertEquals(112, length[0]);
        return result;
    }

    private static SrtpResult protect(SrtpSession from, long ssrc, int seq, byte[] packet) {
        packet[0] = (byte) 0x80;
        packet[1] = 96;
        packet[2] = (byte) (seq >> 8);
        packet[3] = (byte) seq;
        packet[8] = (byte) (ssrc >> 24);
        packet[9] = (byte) (ssrc >> 16);
        packet[10] = (byte) (ssrc >> 8);
        packet[11] = (byte) ssrc;
        return from.protectRtp(packet, 0, 112, new int[1]);
    }

    private static SrtpKeys keys(Random random) {
        SrtpProfile profile = SrtpProfile.values()[0];
        byte[] material = new byte[profile.keyingMaterialLength()];
        random.nextBytes(material);
        return SrtpKeys.fromKeyingMaterial(profile, material);
    }
}
