package io.patchbay.signaling.cluster;

import io.vertx.core.json.JsonObject;

/**
 * One node as the cluster sees it ({@code GET /api/v1/nodes}); each node republishes its own every second.
 *
 * @param id           the Vert.x cluster node id (Hazelcast member UUID)
 * @param httpUrl      how other nodes reach its HTTP API
 * @param mediaAddress its media UDP address as clients see it ({@code host:port})
 */
public record NodeInfo(String id, String httpUrl, String mediaAddress, NodeState state, NodeLoad load,
                       long updatedAtMillis) {
    /** A member that has not reported itself yet: its id only (no HTTP URL to forward to). */
    public static NodeInfo unreported(String id) {
        return new NodeInfo(id, null, null, NodeState.ACTIVE, new NodeLoad(0, 0, 0, 0, -1), 0);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("httpUrl", httpUrl)
                .put("mediaAddress", mediaAddress)
                .put("state", state.wire())
                .put("load", new JsonObject()
                        .put("participants", load.participants())
                        .put("participantCapacity", load.participantCapacity())
                        .put("rooms", load.rooms())
                        .put("packetsForwardedPerSecond", load.packetsForwardedPerSecond())
                        .put("cpu", Math.round(load.cpuLoad() * 1000) / 1000.0)
                        .put("score", Math.round(load.score() * 1000) / 1000.0))
                .put("updatedAt", updatedAtMillis);
    }

    /** Read back what {@link #toJson()} wrote (another node of the same version). */
    public static NodeInfo fromJson(JsonObject j) {
        JsonObject l = j.getJsonObject("load", new JsonObject());
        return new NodeInfo(j.getString("id"), j.getString("httpUrl"), j.getString("mediaAddress"),
                NodeState.fromWire(j.getString("state")),
                new NodeLoad(l.getInteger("participants", 0), l.getInteger("participantCapacity", 0),
                        l.getInteger("rooms", 0), l.getLong("packetsForwardedPerSecond", 0L),
                        l.getDouble("cpu", -1.0)),
                j.getLong("updatedAt", 0L));
    }
}
