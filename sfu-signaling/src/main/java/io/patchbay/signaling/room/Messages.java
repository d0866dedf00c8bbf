package io.patchbay.signaling.room;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.core.config.PatchbayConfig.IceServer;
import io.patchbay.core.ice.IceCandidate;
import io.patchbay.core.room.TrackInfo;
import io.patchbay.signaling.ws.Json;
import io.patchbay.signaling.ws.PeerConnectionRole;
import java.util.List;

/** Builders for server -> client messages (docs/protocol.md). */
final class Messages {
    private Messages() {
    }

    static ObjectNode track(TrackInfo t) {
        ObjectNode n = Json.object();
        n.put("id", t.id().value());
        n.put("kind", t.kind().wireName());
        n.put("muted", t.muted());
        return n;
    }

    static ObjectNode participant(Participant p) {
        ObjectNode n = Json.object();
        n.put("id", p.id.value());
        n.put("name", p.name);
        ArrayNode tracks = n.putArray("tracks");
        for (TrackInfo t : p.trackInfos()) tracks.add(track(t));
        return n;
    }

    static ObjectNode joined(Participant self, String room, List<IceServer> iceServers, List<Participant> others) {
        ObjectNode n = Json.object();
        n.put("type", "joined");
        n.put("participantId", self.id.value());
        n.put("room", room);
        ArrayNode servers = n.putArray("iceServers");
        for (IceServer s : iceServers) {
            ObjectNode o = servers.addObject();
            ArrayNode urls = o.putArray("urls");
            s.urls().forEach(urls::add);
            if (s.username() != null) o.put("username", s.username());
            if (s.credential() != null) o.put("credential", s.credential());
        }
        ArrayNode list = n.putArray("participants");
        for (Participant p : others) list.add(participant(p));
        return n;
    }

    static ObjectNode sdp(String type, PeerConnectionRole pc, String sdp) {
        ObjectNode n = Json.object();
        n.put("type", type);
        n.put("pc", pc.wire());
        n.put("sdp", sdp);
        return n;
    }

    /** A trickled server candidate; with BUNDLE it belongs to the first bundled m-section. */
    static ObjectNode candidate(PeerConnectionRole pc, IceCandidate c, String sdpMid, int sdpMLineIndex) {
        ObjectNode n = Json.object();
        n.put("type", "candidate");
        n.put("pc", pc.wire());
        ObjectNode cand = n.putObject("candidate");
        cand.put("candidate", c.toSdp());
        cand.put("sdpMid", sdpMid);
        cand.put("sdpMLineIndex", sdpMLineIndex);
        return n;
    }

    static ObjectNode participantJoined(Participant p) {
        ObjectNode n = Json.object();
        n.put("type", "participant-joined");
        n.set("participant", participant(p));
        return n;
    }

    static ObjectNode participantLeft(Participant p) {
        ObjectNode n = Json.object();
        n.put("type", "participant-left");
        n.put("participantId", p.id.value());
        return n;
    }

    static ObjectNode trackPublished(Participant p, TrackInfo t) {
        ObjectNode n = Json.object();
        n.put("type", "track-published");
        n.put("participantId", p.id.value());
        n.set("track", track(t));
        return n;
    }

    static ObjectNode trackUnpublished(Participant p, TrackInfo t) {
        ObjectNode n = Json.object();
        n.put("type", "track-unpublished");
        n.put("participantId", p.id.value());
        n.put("trackId", t.id().value());
        return n;
    }

    static ObjectNode trackMuted(Participant p, TrackInfo t) {
        ObjectNode n = Json.object();
        n.put("type", "track-muted");
        n.put("participantId", p.id.value());
        n.put("trackId", t.id().value());
        n.put("muted", t.muted());
        return n;
    }

    static ObjectNode error(String code, String message) {
        ObjectNode n = Json.object();
        n.put("type", "error");
        n.put("code", code);
        n.put("message", message);
        return n;
    }
}
