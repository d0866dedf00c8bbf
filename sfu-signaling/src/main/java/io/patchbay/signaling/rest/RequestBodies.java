package io.patchbay.signaling.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.room.RoomId;
import io.patchbay.signaling.limits.SignalingLimits;
import io.patchbay.signaling.room.RoomSettings;
import io.patchbay.signaling.ws.Json;
import io.patchbay.signaling.ws.PinRequests;
import io.patchbay.signaling.ws.SignalingException;
import io.patchbay.signaling.ws.SubscriptionRequests;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Parses and checks request bodies; every problem becomes an {@link ApiException} with a 4xx code. */
public final class RequestBodies {
    static final int MAX_PARTICIPANTS_LIMIT = 10_000;
    static final int MAX_EMPTY_TIMEOUT_SECONDS = 7 * 24 * 3600;
    static final int DEFAULT_EMPTY_TIMEOUT_SECONDS = 300;
    static final int MAX_METADATA_LENGTH = 4096;

    /** {@code POST /rooms}. */
    public record CreateRoom(RoomId name, RoomSettings settings) {
    }

    public record CreateToken(String identity, String room, String name, long ttlSeconds, boolean canPublish, boolean canSubscribe) {
    }

    static final int DEFAULT_TOKEN_TTL_SECONDS = 3600;
    static final int MAX_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

    private RequestBodies() {
    }

    public static CreateRoom createRoom(Buffer body) throws ApiException {
        JsonNode n = object(body);
        rejectUnknown(n, Set.of("name", "maxParticipants", "emptyTimeoutSeconds", "metadata", "lastN", "e2ee"));
        JsonNode name = n.get("name");
        if (name == null || !name.isTextual()) throw invalid("'name' is required and must be a string");
        String roomName = name.asText();
        if (!RoomId.isValid(roomName)) {
            throw new ApiException(ApiError.INVALID_ROOM, "room names are 1-64 characters of A-Z a-z 0-9 _ -");
        }
        int max = optionalInt(n, "maxParticipants", 0, MAX_PARTICIPANTS_LIMIT, 0);
        int timeout = optionalInt(n, "emptyTimeoutSeconds", 0, MAX_EMPTY_TIMEOUT_SECONDS, DEFAULT_EMPTY_TIMEOUT_SECONDS);
        String metadata = null;
        JsonNode m = n.get("metadata");
        if (m != null && !m.isNull()) {
            if (!m.isTextual()) throw invalid("'metadata' must be a string");
            if (m.asText().length() > MAX_METADATA_LENGTH) {
                throw invalid("'metadata' is longer than " + MAX_METADATA_LENGTH + " characters");
            }
            metadata = m.asText();
        }
        int lastN = optionalInt(n, "lastN", SignalingLimits.NO_LAST_N, SignalingLimits.MAX_LAST_N,
                RoomSettings.DEFAULT_LAST_N);
        boolean e2ee = optionalBoolean(n, "e2ee", false);
        return new CreateRoom(new RoomId(roomName), new RoomSettings(max, timeout, metadata, true, lastN, e2ee));
    }

    /** {@code POST /tokens}: a join token's identity, room, optional name, lifetime and grants. */
    public static CreateToken createToken(Buffer body) throws ApiException {
        JsonNode n = object(body);
        rejectUnknown(n, Set.of("identity", "room", "name", "ttlSeconds", "canPublish", "canSubscribe"));
        JsonNode identity = n.get("identity");
        if (identity == null || !identity.isTextual() || identity.asText().isBlank() || identity.asText().length() > 256) {
            throw invalid("'identity' is required and must be a non-empty string of at most 256 characters");
        }
        JsonNode room = n.get("room");
        if (room == null || !room.isTextual()) throw invalid("'room' is required and must be a string");
        if (!RoomId.isValid(room.asText())) {
            throw new ApiException(ApiError.INVALID_ROOM, "room names are 1-64 characters of A-Z a-z 0-9 _ -");
        }
        String name = null;
        JsonNode nm = n.get("name");
        if (nm != null && !nm.isNull()) {
            if (!nm.isTextual() || nm.asText().isBlank() || nm.asText().length() > 64
                    || nm.asText().chars().anyMatch(Character::isISOControl)) {
                throw invalid("'name' must be 1-64 characters without control characters");
            }
            name = nm.asText();
        }
        int ttl = optionalInt(n, "ttlSeconds", 1, MAX_TOKEN_TTL_SECONDS, DEFAULT_TOKEN_TTL_SECONDS);
        return new CreateToken(identity.asText(), room.asText(), name, ttl,
                optionalBoolean(n, "canPublish"), optionalBoolean(n, "canSubscribe"));
    }

    private static boolean optionalBoolean(JsonNode n, String field) throws ApiException {
        return optionalBoolean(n, field, true);
    }

    private static boolean optionalBoolean(JsonNode n, String field, boolean absent) throws ApiException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return absent;
        if (!v.isBoolean()) throw invalid("'" + field + "' must be true or false");
        return v.booleanValue();
    }

    /** {@code POST .../subscriptions}: track ids to subscribe to and to unsubscribe from. */
    public record Subscriptions(List<String> subscribe, List<String> unsubscribe) {
    }

    /**
     * {@code POST .../subscriptions}: {@code {"subscribe": [trackId...], "unsubscribe": [trackId...]}}, each optional,
     * at least one id in all; ids are 1-64 characters, at most {@link SubscriptionRequests#MAX_TRACK_IDS} per list.
     */
    public static Subscriptions subscriptions(Buffer body) throws ApiException {
        JsonNode n = object(body);
        rejectUnknown(n, Set.of("subscribe", "unsubscribe"));
        Subscriptions s = new Subscriptions(trackIds(n, "subscribe"), trackIds(n, "unsubscribe"));
        if (s.subscribe().isEmpty() && s.unsubscribe().isEmpty()) {
            throw invalid("'subscribe' or 'unsubscribe' must list at least one track id");
        }
        return s;
    }

    private static List<String> trackIds(JsonNode n, String field) throws ApiException {
        JsonNode ids = n.get(field);
        if (ids == null || ids.isNull()) return List.of();
        if (!ids.isArray() || ids.size() > SubscriptionRequests.MAX_TRACK_IDS) {
            throw invalid("'" + field + "' must be an array of at most " + SubscriptionRequests.MAX_TRACK_IDS + " track ids");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > 64) {
                throw invalid("each of '" + field + "' must be a string of 1 to 64 characters");
            }
            if (!out.contains(id.asText())) out.add(id.asText());
        }
        return out;
    }

    /**
     * {@code POST .../pins}: {@code {"participantIds": [id...]}}, the whole set ({@code []}: none); ids are 1-64
     * characters, repeats count once, at most {@link PinRequests#MAX_PINNED} distinct ones.
     */
    public static List<String> pins(Buffer body) throws ApiException {
        JsonNode n = object(body);
        rejectUnknown(n, Set.of("participantIds"));
        try {
            return PinRequests.participantIds(n);
        } catch (SignalingException e) {
            throw invalid(e.getMessage());
        }
    }

    /** {@code POST .../mute}: {@code {"muted": true|false}}. */
    public static boolean mute(Buffer body) throws ApiException {
        JsonNode n = object(body);
        rejectUnknown(n, Set.of("muted"));
        JsonNode muted = n.get("muted");
        if (muted == null || !muted.isBoolean()) throw invalid("'muted' is required and must be true or false");
        return muted.booleanValue();
    }

    private static JsonNode object(Buffer body) throws ApiException {
        if (body == null || body.length() == 0) throw new ApiException(ApiError.BAD_JSON, "a JSON object body is required");
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body.getBytes());
        } catch (IOException e) {
            throw new ApiException(ApiError.BAD_JSON, "the body is not valid JSON");
        }
        if (n == null || !n.isObject()) throw new ApiException(ApiError.BAD_JSON, "the body must be a JSON object");
        return n;
    }

    private static void rejectUnknown(JsonNode n, Set<String> known) throws ApiException {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) throw invalid("unknown field '" + abbreviate(field) + "'");
        }
    }

    private static int optionalInt(JsonNode n, String field, int min, int max, int absent) throws ApiException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return absent;
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw invalid("'" + field + "' must be an integer from " + min + " to " + max);
        }
        return v.intValue();
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    private static ApiException invalid(String message) {
        return new ApiException(ApiError.INVALID_FIELD, message);
    }
}
