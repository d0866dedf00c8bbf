package io.patchbay.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Real SRTP both ways between a server session and a client session over the same keys: the per-SSRC context tables
 * are capped, and a stream that ends gives its slot back, so a long meeting's churn of streams never fills them.
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
    void withoutReleaseTheTableIsCappedWithATypedError() {
        for (int i = 0; i < SrtpSession.MAX_SSRCS; i++) {
            assertEquals(SrtpResult.OK, roundTrip(server, client, 0x20000L + i, 0));
        }
        assertEquals(SrtpResult.TOO_MANY_SSRCS, protect(server, 0x30000L, 0, new byte[200]));
        server.releaseSendSsrc(0x20000L + 5);
        assertEquals(SrtpResult.OK, protect(server, 0x30000L, 0, new byte[200]));
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
