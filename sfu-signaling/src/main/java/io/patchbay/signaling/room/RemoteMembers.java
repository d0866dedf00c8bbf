package io.patchbay.signaling.room;

import io.patchbay.core.room.LeaveReason;
import io.patchbay.core.room.ParticipantId;
import io.patchbay.core.room.TrackId;
import io.patchbay.media.forward.ProducerSpec;
import io.patchbay.media.forward.Router;
import io.patchbay.media.transport.MediaTransport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A room as the nodes it spans see each other (see {@link RoomSpan}): this node's participants and tracks to announce,
 * and the other nodes' participants and tracks shown here, their media arriving on a relay. Participants here see
 * them as anyone else (joined, track published, muted, left) and subscribe to their tracks as to local ones.
 * Event-loop thread only.
 */
public final class RemoteMembers {
    /** What another node needs to show one of this node's participants. */
    public record Member(String id, String name, Instant joinedAt, List<RelayableTrack> tracks) {
    }

    private static final MessageSink NOWHERE = new MessageSink() {
        @Override
        public void send(com.fasterxml.jackson.databind.node.ObjectNode message) {
            // Its own node sends it what it needs.
        }

        @Override
        public void close(String reason) {
        }
    };

    private final Room room;
    private final Runnable deleteHere;
    private final java.util.function.Consumer<RemoteCommand> applyHere;

    RemoteMembers(Room room, Runnable deleteHere, java.util.function.Consumer<RemoteCommand> applyHere) {
        this.room = room;
        this.deleteHere = deleteHere;
        this.applyHere = applyHere;
    }

    /** Another node of the room sent an API command about a participant of this node's. */
    public void apply(RemoteCommand command) {
        applyHere.accept(command);
    }

    /** The room was deleted on another node: everyone here gets {@code room-closed}, as there. */
    public void deleteRoom() {
        deleteHere.run();
    }

    public io.patchbay.core.room.RoomId roomId() {
        return room.id();
    }

    public Router router() {
        return room.router();
    }

    /** This node's own participants with their tracks. */
    public List<Member> localMembers() {
        List<Member> out = new ArrayList<>();
        for (Participant p : room.participants()) {
            if (p.isRemote()) continue;
            List<RelayableTrack> tracks = new ArrayList<>();
            for (PublishedTrack t : p.published.values()) {
                if (t.spec != null) tracks.add(new RelayableTrack(t.info, t.spec, t.subscriberCodecs, t.red));
            }
            out.add(new Member(p.id.value(), p.name, p.joinedAt, tracks));
        }
        return out;
    }

    /** A participant on {@code node}; ignored if its id is already in the room. */
    public void addParticipant(String id, String name, Instant joinedAt, String node) {
        Participant p = new Participant(new ParticipantId(id), name, NOWHERE, joinedAt);
        p.remoteNode = node;
        p.canSubscribe = false; // it subscribes on its own node
        p.autoSubscribe = false;
        room.addRemote(p);
    }

    public void removeParticipant(String id, LeaveReason reason) {
        Participant p = remote(id);
        if (p != null) room.leave(p, reason);
    }

    /** Everyone connected to {@code node} leaves (the node left the cluster, or the room closed there). */
    public int removeParticipantsOf(String node, LeaveReason reason) {
        int n = 0;
        for (Participant p : room.participants()) {
            if (node.equals(p.remoteNode)) {
                room.leave(p, reason);
                n++;
            }
        }
        return n;
    }

    /**
     * A track of a participant on another node, arriving on {@code relay} as {@code producer}: every participant here
     * that subscribes to everything gets it, as when a local participant publishes.
     */
    public void addTrack(String participantId, RelayableTrack track, ProducerSpec producer, MediaTransport relay) {
        Participant p = remote(participantId);
        if (p == null || p.published.containsKey(track.info().id())) return;
        PublishedTrack t = new PublishedTrack(track.info(), "relay", track.subscriberCodecs(), track.red());
        t.spec = producer;
        room.router().createProducer(relay, producer);
        if (track.info().muted()) room.router().setProducerPaused(producer.trackId(), true);
        if (!room.addTrack(p, t)) room.router().closeProducer(producer.trackId());
    }

    public void removeTrack(String participantId, String trackId) {
        Participant p = remote(participantId);
        if (p == null || !TrackId.isValid(trackId)) return;
        PublishedTrack t = p.published.get(new TrackId(trackId));
        if (t != null) room.unpublish(p, t);
    }

    public void setMuted(String participantId, String trackId, boolean muted) {
        Participant p = remote(participantId);
        if (p == null) return;
        try {
            room.setMuted(p, trackId, muted);
        } catch (io.patchbay.signaling.ws.SignalingException e) {
            // A track this node never saw (announced after the mute crossed): nothing to show.
        }
    }

    /** The node a remote track's publisher is on, or null. */
    public String nodeOfTrack(String trackId) {
        if (!TrackId.isValid(trackId)) return null;
        TrackId id = new TrackId(trackId);
        for (Participant p : room.participants()) {
            if (p.isRemote() && p.published.containsKey(id)) return p.remoteNode;
        }
        return null;
    }

    /** The node a participant of the room is connected to, or null (this node's, or unknown). */
    public String nodeOf(String participantId) {
        Participant p = remote(participantId);
        return p == null ? null : p.remoteNode;
    }

    private Participant remote(String id) {
        if (!ParticipantId.isValid(id)) return null;
        Participant p = room.participant(new ParticipantId(id));
        return p != null && p.isRemote() ? p : null;
    }
}
