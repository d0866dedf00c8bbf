package io.patchbay.signaling.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.signaling.ws.Json;
import io.patchbay.signaling.ws.PeerConnectionRole;
import io.patchbay.signaling.ws.PinRequests;
import io.patchbay.signaling.ws.SignalingException;
import io.patchbay.signaling.ws.SubscriptionRequests;
import io.patchbay.signaling.ws.TrackSources;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of a client's WebSocket text as the session reads it before dispatching: the limited
 * {@link Json#MAPPER} (JsonProcessingException only, which the session answers with bad-json), the object check, and
 * the field readers the handlers use ({@link Json#requireText}, {@link Json#optionalText},
 * {@link PeerConnectionRole#parse}, the subscriber-control fields of {@link SubscriptionRequests}; SignalingException
 * only, within the length asked for). The dispatch itself is
 * not reached: it needs a session and a room (see docs/operations.md, "Fuzzing").
 */
class SignalingMessageFuzzTest {
    private static final String[] FIELDS = {"type", "room", "name", "token", "reconnectToken", "pc", "sdp", "trackId"};

    @FuzzTest(maxDuration = FuzzBudget.CI)
    void message(byte[] input) {
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(new String(input, StandardCharsets.UTF_8));
        } catch (JsonProcessingException refused) {
            return;
        }
        if (message == null || !message.isObject()) {
            return;
        }
        message.path("type").asText("");
        for (String field : FIELDS) {
            try {
                String value = Json.optionalText(message, field, 64);
                assertTrue(value == null || value.length() <= 64, field + " within its limit");
                if ("pc".equals(field) && value != null) {
                    PeerConnectionRole.parse(value);
                }
            } catch (SignalingException refused) {
                assertTrue(refused.code() != null, "a wire error code");
            }
        }
        try {
            assertTrue(SubscriptionRequests.trackIds(message).size() <= SubscriptionRequests.MAX_TRACK_IDS);
        } catch (SignalingException refused) {
            assertTrue(refused.code() != null, "a wire error code");
        }
        try {
            int maxHeight = SubscriptionRequests.preferences(message).maxHeight();
            assertTrue(maxHeight <= SubscriptionRequests.MAX_HEIGHT || maxHeight == Integer.MAX_VALUE, "maxHeight bounded");
        } catch (SignalingException refused) {
            assertTrue(refused.code() != null, "a wire error code");
        }
        try {
            SubscriptionRequests.autoSubscribe(message);
        } catch (SignalingException refused) {
            assertTrue(refused.code() != null, "a wire error code");
        }
        try { // pin.participantIds
            assertTrue(PinRequests.participantIds(message).size() <= PinRequests.MAX_PINNED, "pins bounded");
        } catch (SignalingException refused) {
            assertTrue(refused.code() != null, "a wire error code");
        }
        try { // offer.sources
            assertTrue(TrackSources.read(message).size() <= TrackSources.MAX_ENTRIES, "sources bounded");
        } catch (SignalingException refused) {
            assertTrue(refused.code() != null, "a wire error code");
        }
        JsonNode candidate = message.get("candidate");
        if (candidate != null && candidate.isObject()) {
            try {
                Json.optionalText(candidate, "candidate", 1024);
            } catch (SignalingException refused) {
                assertTrue(refused.code() != null, "a wire error code");
            }
        }
    }
}
