package io.patchbay.signaling.cluster;

import io.patchbay.core.room.RoomId;
import io.patchbay.signaling.ws.JoinRequest;
import io.vertx.core.json.JsonObject;

/**
 * The event-bus messages that carry a client's signaling between the node holding its WebSocket (the edge) and the
 * node that owns its room (the host). docs/operations.md, "Cluster".
 * <pre>
 * edge -> host  patchbay.node.&lt;host&gt;.join   request {room, name, canPublish, canSubscribe, identity,
 *                                              autoSubscribe, reconnectToken, edge, session}
 *                                              reply   {link} or {error: {code, message}}
 * edge -> host  &lt;link&gt;     {op: message, text} | {op: leave} | {op: lost}
 * host -> edge  &lt;session&gt;  {op: send, text} | {op: close, reason} | {op: detach, reason}
 * any -> owner  patchbay.node.&lt;owner&gt;.room-settings  request {room}  reply {maxParticipants, metadata, lastN} or {}
 * </pre>
 * Messages between two nodes arrive in the order they were sent (one TCP connection), so a client's messages reach
 * its room in order.
 */
final class SignalingBus {
    /** A join the owner has not answered by then fails (internal): the client retries, by when a dead owner is gone. */
    static final long JOIN_TIMEOUT_MS = 5_000;

    private SignalingBus() {
    }

    static String joinAddress(String nodeId) {
        return "patchbay.node." + nodeId + ".join";
    }

    static JsonObject joinRequest(JoinRequest r, String edgeNode, String sessionAddress) {
        return new JsonObject()
                .put("room", r.room().value())
                .put("name", r.name())
                .put("canPublish", r.canPublish())
                .put("canSubscribe", r.canSubscribe())
                .put("identity", r.identity())
                .put("autoSubscribe", r.autoSubscribe())
                .put("reconnectToken", r.reconnectToken())
                .put("edge", edgeNode)
                .put("session", sessionAddress);
    }

    /** The join as the edge checked it (the edge verified the token; nodes of one cluster trust each other). */
    static JoinRequest joinRequest(JsonObject j) {
        return new JoinRequest(new RoomId(j.getString("room")), j.getString("name"), j.getBoolean("canPublish"),
                j.getBoolean("canSubscribe"), j.getString("identity"), j.getBoolean("autoSubscribe"),
                j.getString("reconnectToken"));
    }

    /** Where a node answers with the settings of a room open on it (for a node opening its part of that room). */
    static String roomSettingsAddress(String nodeId) {
        return "patchbay.node." + nodeId + ".room-settings";
    }

    /** A room's settings as another node opens its part of the room: never kept open while empty there. */
    static JsonObject roomSettings(io.patchbay.signaling.room.RoomSettings s) {
        return new JsonObject().put("maxParticipants", s.maxParticipants()).put("metadata", s.metadata())
                .put("lastN", s.lastN()).put("e2ee", s.e2ee());
    }

    static io.patchbay.signaling.room.RoomSettings segmentSettings(JsonObject j) {
        if (j == null || !j.containsKey("maxParticipants")) return io.patchbay.signaling.room.RoomSettings.implicit();
        // An end-to-end encrypted room stays one whatever else is malformed: the flag keeps codecs and clients honest.
        boolean e2ee = j.getValue("e2ee") instanceof Boolean b && b;
        Object maxValue = j.getValue("maxParticipants");
        Object lastNValue = j.getValue("lastN");
        int max = maxValue instanceof Integer i && i >= 0 ? i : 0;
        int lastN = lastNValue instanceof Integer i && i >= io.patchbay.signaling.room.RoomSettings.DEFAULT_LAST_N
                ? i : io.patchbay.signaling.room.RoomSettings.DEFAULT_LAST_N;
        Object metadata = j.getValue("metadata");
        return new io.patchbay.signaling.room.RoomSettings(max, 0, metadata instanceof String m ? m : null, false, lastN,
                e2ee);
    }

    static JsonObject error(String code, String message) {
        return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message));
    }
}
