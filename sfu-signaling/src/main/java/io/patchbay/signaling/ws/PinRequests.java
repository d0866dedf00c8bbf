package io.patchbay.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code pin.participantIds} (docs/protocol.md, Active speakers and last-N): the whole set of participants whose
 * video a subscriber receives besides its last N. Every problem is a {@code bad-message} {@link SignalingException};
 * nothing else is thrown. Pure, any thread.
 */
public final class PinRequests {
    /**
     * Most participants one subscriber may pin: pins come on top of last-N, so they are what a client can add to its
     * own downlink; a grid of 4x4 tiles is more than any layout pins.
     */
    public static final int MAX_PINNED = 16;
    static final int MAX_ID_LENGTH = 64;

    private PinRequests() {
    }

    /**
     * {@code participantIds}: an array (empty: no pins) of at most {@value #MAX_PINNED} distinct strings of 1 to
     * {@value #MAX_ID_LENGTH} characters; repeats count once, the first occurrence keeps its place.
     */
    public static List<String> participantIds(JsonNode m) throws SignalingException {
        JsonNode ids = m.get("participantIds");
        if (ids == null || !ids.isArray()) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE,
                    "'participantIds' must be an array of participant ids ([] to pin nobody)");
        }
        List<String> out = new ArrayList<>(Math.min(ids.size(), MAX_PINNED));
        for (JsonNode id : ids) {
            if (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > MAX_ID_LENGTH) {
                throw new SignalingException(ErrorCode.BAD_MESSAGE,
                        "each of 'participantIds' must be a string of 1 to " + MAX_ID_LENGTH + " characters");
            }
            if (out.contains(id.asText())) continue;
            if (out.size() == MAX_PINNED) {
                throw new SignalingException(ErrorCode.BAD_MESSAGE,
                        "'participantIds' may name at most " + MAX_PINNED + " participants");
            }
            out.add(id.asText());
        }
        return out;
    }
}
