package io.patchbay.signaling.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.core.room.TrackInfo;
import io.patchbay.signaling.room.ParticipantSnapshot;
import io.patchbay.signaling.room.RoomSnapshot;
import io.patchbay.signaling.ws.Json;
import java.util.List;

/** JSON views of room snapshots for the REST API (schemas in openapi.json). */
final class RestJson {
    private RestJson() {
    }

    /** A room without its participants (the list view). */
    static ObjectNode roomSummary(RoomSnapshot r) {
        ObjectNode n = Json.object();
        n.put("name", r.name());
        n.put("maxParticipants", r.settings().maxParticipants());
        n.put("emptyTimeoutSeconds", r.settings().emptyTimeoutSeconds());
        n.put("lastN", r.settings().lastN());
        n.put("e2ee", r.settings().e2ee());
        if (r.settings().metadata() == null) n.putNull("metadata");
        else n.put("metadata", r.settings().metadata());
        n.put("keptWhenEmpty", r.settings().kept());
        n.put("createdAt", r.createdAt().toString());
        n.put("participantCount", r.participantCount());
        return n;
    }

    static ObjectNode room(RoomSnapshot r) {
        ObjectNode n = roomSummary(r);
        n.set("participants", participants(r.participants()));
        return n;
    }

    static ObjectNode roomList(List<RoomSnapshot> rooms) {
        ObjectNode n = Json.object();
        ArrayNode list = n.putArray("rooms");
        for (RoomSnapshot r : rooms) list.add(roomSummary(r));
        return n;
    }

    static ObjectNode participantList(RoomSnapshot r) {
        ObjectNode n = Json.object();
        n.set("participants", participants(r.participants()));
        return n;
    }

    static ObjectNode participant(ParticipantSnapshot p) {
        ObjectNode n = Json.object();
        n.put("id", p.id());
        n.put("name", p.name());
        n.put("joinedAt", p.joinedAt().toString());
        ArrayNode tracks = n.putArray("tracks");
        for (TrackInfo t : p.tracks()) {
            ObjectNode o = tracks.addObject();
            o.put("id", t.id().value());
            o.put("kind", t.kind().wireName());
            o.put("source", t.source().wireName());
            o.put("muted", t.muted());
        }
        return n;
    }

    static ObjectNode error(ApiError error, String message) {
        ObjectNode n = Json.object();
        ObjectNode e = n.putObject("error");
        e.put("code", error.wire());
        e.put("message", message);
        return n;
    }

    private static ArrayNode participants(List<ParticipantSnapshot> list) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (ParticipantSnapshot p : list) a.add(participant(p));
        return a;
    }
}
