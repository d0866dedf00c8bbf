package io.patchbay.media.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.MediaEngine;
import io.patchbay.media.MediaSettings;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The readiness self-probe: a real connectivity check against a real media port, answered or not. */
class MediaPortProbeTest {
    @Test
    void aRunningMediaPortAnswersAndAClosedOneDoesNot() throws Exception {
        MediaEngine media = MediaEngine.start(new MediaSettings(0, List.of("127.0.0.1"), null, false, false, 1));
        MediaPortProbe.Result up;
        MediaPortProbe.Result again;
        try {
            up = media.probeMediaPort(2000);
            again = media.probeMediaPort(2000);
        } finally {
            media.close();
        }
        assertTrue(up.ok(), up.error());
        assertTrue(again.ok(), "a second probe (a new transport, a new socket) is answered too: " + again.error());
        MediaPortProbe.Result down = media.probeMediaPort(300);
        System.out.printf("probe round trips: %d ms, %d ms; after close: %s%n", up.roundTripMillis(),
                again.roundTripMillis(), down.error());
        assertFalse(down.ok(), "a closed media port must fail the probe");
    }

    @Test
    void theRequestCarriesItsIntegrityAndFingerprint() {
        byte[] id = new byte[12];
        byte[] request = MediaPortProbe.bindingRequest("abcd:probe", "password-of-twenty-two", id);
        ByteBuffer m = ByteBuffer.wrap(request);
        assertEquals(0x0001, m.getShort(0) & 0xFFFF, "Binding request");
        assertEquals(request.length - 20, m.getShort(2) & 0xFFFF, "length counts every attribute");
        assertEquals(0x8028, m.getShort(request.length - 8) & 0xFFFF, "FINGERPRINT last");
        assertEquals(0x0008, m.getShort(request.length - 8 - 24) & 0xFFFF, "MESSAGE-INTEGRITY before it");
        byte[] success = new byte[20];
        ByteBuffer.wrap(success).putShort((short) 0x0101).putShort((short) 0).putInt(0x2112A442);
        assertTrue(MediaPortProbe.isSuccessFor(success, 20, id));
        success[19] = 1;
        assertFalse(MediaPortProbe.isSuccessFor(success, 20, id), "another transaction");
    }
}
