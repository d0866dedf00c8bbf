package io.patchbay.media.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PacketFeedbackHistoryTest {

    @Test
    void resolvesSendTimeAndSizeOfSentPacket() {
        PacketFeedbackHistory history = new PacketFeedbackHistory(16);
        history.onSent(100, 5_000, 1200);
        history.onSent(101, 6_000, 800);
        int slot = history.find(101);
        assertEquals(6_000, history.sendNanos(slot));
        assertEquals(800, history.sizeBytes(slot));
        assertEquals(PacketFeedbackHistory.UNREPORTED, history.status(slot));
    }

    @Test
    void unwrapsAcrossSixteenBitWrap() {
        PacketFeedbackHistory history = new PacketFeedbackHistory(16);
        for (int i = 0; i < 8; i++) {
            history.onSent((65532 + i) & 0xFFFF, i, 100);
        }
        assertEquals(0, history.sendNanos(history.find(65532)));
        assertEquals(4, history.sendNanos(history.find(0)));
        assertEquals(7, history.sendNanos(history.find(3)));
    }

    @Test
    void neverSentAheadOrEvictedIsNotFound() {
        PacketFeedbackHistory history = new PacketFeedbackHistory(16);
        assertEquals(PacketFeedbackHistory.NOT_FOUND, history.find(1), "nothing sent yet");
        for (int seq = 0; seq < 40; seq++) {
            history.onSent(seq, seq, 100);
        }
        assertEquals(PacketFeedbackHistory.NOT_FOUND, history.find(40), "ahead of the highest sent");
        assertEquals(PacketFeedbackHistory.NOT_FOUND, history.find(23), "overwritten by a newer packet");
        assertEquals(PacketFeedbackHistory.NOT_FOUND, history.find(30_000), "half the space away");
        assertNotEquals(PacketFeedbackHistory.NOT_FOUND, history.find(24), "oldest still in the ring");
    }

    @Test
    void gapsInSentNumbersAreNotFound() {
        PacketFeedbackHistory history = new PacketFeedbackHistory(16);
        history.onSent(10, 1, 100);
        history.onSent(12, 2, 100);
        assertEquals(PacketFeedbackHistory.NOT_FOUND, history.find(11));
    }

    @Test
    void statusFollowsMarks() {
        PacketFeedbackHistory history = new PacketFeedbackHistory(16);
        history.onSent(7, 1, 100);
        int slot = history.find(7);
        history.markLost(slot);
        assertEquals(PacketFeedbackHistory.LOST, history.status(slot));
        history.markReceived(slot);
        assertEquals(PacketFeedbackHistory.RECEIVED, history.status(slot));
        history.onSent(7 + 16, 2, 100);
        assertEquals(PacketFeedbackHistory.NOT_FOUND, history.find(7));
    }

    @Test
    void capacityMustBePowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new PacketFeedbackHistory(1000));
    }
}
