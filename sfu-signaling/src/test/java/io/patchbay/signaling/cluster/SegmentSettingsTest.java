package io.patchbay.signaling.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.signaling.room.RoomSettings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * A room's settings as they cross to another node's part of the room ({@link SignalingBus#roomSettings},
 * {@link SignalingBus#segmentSettings}): the end-to-end encryption flag survives, even next to malformed values.
 */
class SegmentSettingsTest {

    @Test
    void settingsCrossWithTheirEncryptionFlag() {
        RoomSettings owner = new RoomSettings(12, 300, "m", true, 4, true);
        RoomSettings part = SignalingBus.segmentSettings(SignalingBus.roomSettings(owner));
        assertEquals(new RoomSettings(12, 0, "m", false, 4, true), part, "not kept open while empty on the other node");
        assertFalse(SignalingBus.segmentSettings(SignalingBus.roomSettings(RoomSettings.implicit())).e2ee());
    }

    @Test
    void malformedValuesFallBackWithoutLosingTheFlag() {
        JsonObject bad = new JsonObject().put("maxParticipants", -5).put("lastN", "x").put("metadata", 7)
                .put("e2ee", true);
        RoomSettings part = SignalingBus.segmentSettings(bad);
        assertTrue(part.e2ee());
        assertEquals(0, part.maxParticipants());
        assertEquals(RoomSettings.DEFAULT_LAST_N, part.lastN());
        assertEquals(null, part.metadata());
        assertFalse(SignalingBus.segmentSettings(new JsonObject().put("maxParticipants", 3).put("e2ee", "yes")).e2ee(),
                "only a JSON true counts");
    }
}
