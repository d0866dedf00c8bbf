package io.patchbay.media.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The queue between the socket thread and a DTLS thread. BouncyCastle closes it itself when the peer sends
 * close_notify or a fatal alert; from then on nothing is pending, or the post-handshake drain
 * ({@link DtlsEndpoint}) would call {@link DtlsDatagramTransport#receive} forever, each call failing at once.
 */
class DtlsDatagramTransportTest {
    @Test
    void aClosedTransportHasNothingPendingAndRefusesRecords() {
        DtlsDatagramTransport t = new DtlsDatagramTransport((b, o, l) -> { });
        assertTrue(t.offer(new byte[] {22, 1, 2}));
        assertTrue(t.hasPending());
        t.close();
        assertFalse(t.hasPending(), "the close marker is not a record to read");
        assertFalse(t.offer(new byte[] {23}), "no record is queued after close");
        assertFalse(t.hasPending());
        assertThrows(IOException.class, () -> t.receive(new byte[1500], 0, 1500, 1));
    }

    @Test
    void recordsAreReadInOrderUntilClose() throws IOException {
        DtlsDatagramTransport t = new DtlsDatagramTransport((b, o, l) -> { });
        t.offer(new byte[] {1, 2, 3});
        t.offer(new byte[] {4});
        byte[] buf = new byte[1500];
        assertEquals(3, t.receive(buf, 0, buf.length, 1));
        assertEquals(1, t.receive(buf, 0, buf.length, 1));
        assertEquals(4, buf[0]);
        assertEquals(-1, t.receive(buf, 0, buf.length, 1), "nothing yet");
        assertFalse(t.hasPending());
    }
}
