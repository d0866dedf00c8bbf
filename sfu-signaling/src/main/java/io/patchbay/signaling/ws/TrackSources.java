package io.patchbay.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.room.TrackSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the publisher {@code offer}'s {@code sources} (docs/protocol.md): what each of its m-sections captures, by
 * mid, e.g. {@code {"2": "screen"}}. Only the fields are checked here; whether each mid is an audio or video section
 * of the offer that can have that source is the room's check, once the SDP is parsed. Every problem is a
 * {@code bad-message} {@link SignalingException}; nothing else is thrown. Pure, any thread.
 */
public final class TrackSources {
    /** Most entries: more than a publisher may have tracks (limits.tracks-per-participant is 16 by default). */
    public static final int MAX_ENTRIES = 64;
    static final int MAX_MID_LENGTH = 32;

    private TrackSources() {
    }

    /**
     * {@code sources}: absent or null for none, else an object of at most {@value #MAX_ENTRIES} mids (1 to
     * {@value #MAX_MID_LENGTH} characters) to {@code "camera"}, {@code "microphone"} or {@code "screen"}.
     */
    public static Map<String, TrackSource> read(JsonNode offer) throws SignalingException {
        JsonNode sources = offer.get("sources");
        if (sources == null || sources.isNull()) return Map.of();
        if (!sources.isObject() || sources.size() > MAX_ENTRIES) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE,
                    "'sources' must be an object of at most " + MAX_ENTRIES + " mids to track sources");
        }
        Map<String, TrackSource> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = sources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_MID_LENGTH) {
                throw new SignalingException(ErrorCode.BAD_MESSAGE,
                        "each mid in 'sources' must be 1 to " + MAX_MID_LENGTH + " characters");
            }
            TrackSource source = e.getValue().isTextual() ? TrackSource.fromWire(e.getValue().asText()).orElse(null) : null;
            if (source == null) {
                throw new SignalingException(ErrorCode.BAD_MESSAGE,
                        "a source is \"camera\", \"microphone\" or \"screen\" (mid " + e.getKey() + ")");
            }
            out.put(e.getKey(), source);
        }
        return out;
    }
}
