package io.patchbay.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.media.forward.ConsumerPreferences;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of the subscriber-control messages (docs/protocol.md, Subscriber control): {@code join.autoSubscribe},
 * {@code update-subscription} and {@code subscribe} / {@code unsubscribe}. Every problem is a {@code bad-message}
 * {@link SignalingException}; nothing else is thrown. Pure functions, any thread.
 */
public final class SubscriptionRequests {
    /** The tallest {@code maxHeight} a client may ask for, in lines (8K). */
    public static final int MAX_HEIGHT = 8192;
    /** The highest {@code maxFrameRate} a client may ask for, in frames per second. */
    public static final int MAX_FRAME_RATE = 240;
    /** Most ids in one {@code trackIds} array before the room's own bound (its track count) applies. */
    public static final int MAX_TRACK_IDS = 1024;
    static final int MAX_TRACK_ID_LENGTH = 64;

    private SubscriptionRequests() {
    }

    /** {@code join.autoSubscribe}: true when absent or null. */
    public static boolean autoSubscribe(JsonNode join) throws SignalingException {
        return optionalBoolean(join, "autoSubscribe", true);
    }

    /**
     * {@code update-subscription}: {@code maxHeight} an integer 0-{@value #MAX_HEIGHT} (absent or null: no limit),
     * {@code maxFrameRate} an integer 1-{@value #MAX_FRAME_RATE} (absent or null: no limit), {@code paused} a
     * boolean (absent or null: false).
     */
    public static ConsumerPreferences preferences(JsonNode m) throws SignalingException {
        int maxHeight = optionalLimit(m, "maxHeight", 0, MAX_HEIGHT);
        int maxFrameRate = optionalLimit(m, "maxFrameRate", 1, MAX_FRAME_RATE);
        return new ConsumerPreferences(maxHeight, optionalBoolean(m, "paused", false), maxFrameRate);
    }

    /** An integer field from {@code min} to {@code max}; absent or null: {@link ConsumerPreferences#NO_LIMIT}. */
    private static int optionalLimit(JsonNode m, String field, int min, int max) throws SignalingException {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) return ConsumerPreferences.NO_LIMIT;
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE,
                    "'" + field + "' must be an integer from " + min + " to " + max + ", or absent for no limit");
        }
        return v.intValue();
    }

    /** {@code trackIds}: a non-empty array of at most {@value #MAX_TRACK_IDS} strings, without repeats. */
    public static List<String> trackIds(JsonNode m) throws SignalingException {
        JsonNode ids = m.get("trackIds");
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > MAX_TRACK_IDS) {
            throw new SignalingException(ErrorCode.BAD_MESSAGE,
                    "'trackIds' must be an array of 1 to " + MAX_TRACK_IDS + " track ids");
        }
        List<String> out = new ArrayList<>(ids.size());
        for (JsonNode id : ids) {
            if (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > MAX_TRACK_ID_LENGTH) {
                throw new SignalingException(ErrorCode.BAD_MESSAGE,
                        "each of 'trackIds' must be a string of 1 to " + MAX_TRACK_ID_LENGTH + " characters");
            }
            if (!out.contains(id.asText())) out.add(id.asText());
        }
        return out;
    }

    private static boolean optionalBoolean(JsonNode m, String field, boolean absent) throws SignalingException {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) return absent;
        if (!v.isBoolean()) throw new SignalingException(ErrorCode.BAD_MESSAGE, "'" + field + "' must be true or false");
        return v.booleanValue();
    }
}
