package io.patchbay.signaling.cluster;

import io.patchbay.core.room.LeaveReason;
import io.patchbay.media.forward.RelayStream;
import io.patchbay.media.relay.RelayLinks;
import io.patchbay.media.relay.RelayTransport;
import io.patchbay.signaling.room.ParticipantSnapshot;
import io.patchbay.signaling.room.RelayableTrack;
import io.patchbay.signaling.room.RemoteCommand;
import io.patchbay.signaling.room.RemoteMembers;
import io.patchbay.signaling.room.RoomSpan;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * This node's part of a room that has participants on several nodes: it finds the room's other nodes, opens one media
 * relay to each ({@link RelayTransport}), sends each of them this node's participants and tracks, and shows theirs
 * here ({@link RemoteMembers}). A track crosses to a node once, however many subscribers it has there.
 * <pre>
 * patchbay.room.&lt;room&gt;          (publish)  {op: hello, node, segment}
 * patchbay.room.&lt;room&gt;.&lt;node&gt;   (direct)   {op: link, node, host, port, linkId, key}
 *                                           {op: sync, node, participants: [{id, name, joinedAt, tracks}]}
 *                                           {op: joined, participant} | {op: left, id, reason}
 *                                           {op: published, participant, track} | {op: unpublished, participant, track}
 *                                           {op: muted, participant, track, muted} | {op: layers, track, rids}
 *                                           {op: command, kind: kick|mute|subscriptions|pin, participant, ...}
 *                                           {op: delete} (deleted through the API) | {op: bye, node}
 * </pre>
 * Link set-up is symmetric: whichever node learns of the other first (a hello, or the other's link) opens its end and
 * sends its parameters; the other answers with its own; each sends its state once it has the other's parameters.
 * Direct messages carry {@code from}, {@code from-segment} and {@code to} (the addressee's segment): a room that
 * closes and opens again on a node is a new segment, and what was meant for the old one is ignored.
 * Messages between two nodes keep their order. Event-loop thread only.
 */
final class RoomSegment implements RoomSpan {
    private static final Logger LOG = Logger.getLogger(RoomSegment.class.getName());

    private final EventBus bus;
    private final String self;
    private final RemoteMembers members;
    private final RelayLinks relays;
    private final String roomAddress;
    private final Map<String, Link> links = new LinkedHashMap<>();
    private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    private final Runnable onClosed;
    /**
     * This opening of the room on this node: a room that closes and opens again here is a new segment, and messages
     * meant for (or sent by) an earlier one are told apart by it.
     */
    private final String segment = java.util.UUID.randomUUID().toString();
    private boolean closed;

    /** The relay to one other node of the room. */
    private static final class Link {
        final String node;
        final RelayTransport transport;
        /** The other node's segment this link is with (see {@link #segment}), once known. */
        String peerSegment;
        /** The other node's parameters arrived: media and announcements flow. */
        boolean up;
        /** This node's tracks relayed on this link, with their streams. */
        final Map<String, List<RelayStream>> relayed = new HashMap<>();
        final RelayBudget budget = new RelayBudget(RelayTransport.MAX_SSRCS);
        long nextSsrc = ThreadLocalRandom.current().nextLong(1, 0x8000_0000L);

        Link(String node, RelayTransport transport) {
            this.node = node;
            this.transport = transport;
        }

        /** SSRCs on a link are this node's to choose: a counter cannot collide with itself. */
        long ssrc() {
            long s = nextSsrc;
            nextSsrc = nextSsrc == 0xFFFF_FFFFL ? 1 : nextSsrc + 1;
            return s;
        }
    }

    RoomSegment(EventBus bus, String self, RemoteMembers members, RelayLinks relays, Runnable onClosed) {
        this.bus = bus;
        this.self = self;
        this.members = members;
        this.relays = relays;
        this.onClosed = onClosed;
        this.roomAddress = "patchbay.room." + members.roomId().value();
    }

    /** Listens, then says hello to the room's other nodes. */
    void start() {
        MessageConsumer<JsonObject> all = bus.consumer(roomAddress, this::onMessage);
        MessageConsumer<JsonObject> direct = bus.consumer(roomAddress + "." + self, this::onMessage);
        consumers.add(all);
        consumers.add(direct);
        all.completion().compose(v -> direct.completion()).onSuccess(v -> {
            if (!closed) {
                bus.publish(roomAddress, new JsonObject().put("op", "hello").put("node", self).put("segment", segment));
            }
        });
    }

    // ---- from the room (this node's participants) ----

    @Override
    public void joined(ParticipantSnapshot p) {
        sendUp(new JsonObject().put("op", "joined").put("participant", participantJson(p.id(), p.name(), p.joinedAt())));
    }

    @Override
    public void left(String participantId, LeaveReason reason) {
        sendUp(new JsonObject().put("op", "left").put("id", participantId).put("reason", reason.wireName()));
    }

    @Override
    public void published(String participantId, RelayableTrack track) {
        for (Link l : links.values()) {
            if (!l.up) continue;
            JsonObject announcement = relay(l, track);
            if (announcement != null) {
                send(l, new JsonObject().put("op", "published").put("participant", participantId)
                        .put("track", announcement));
            }
        }
    }

    @Override
    public void unpublished(String participantId, String trackId) {
        for (Link l : links.values()) {
            List<RelayStream> streams = l.relayed.remove(trackId);
            if (streams != null) {
                l.budget.release(RelayBudget.ssrcsOf(streams));
                members.router().stopRelay(trackId, l.transport);
            }
        }
        sendUp(new JsonObject().put("op", "unpublished").put("participant", participantId).put("track", trackId));
    }

    @Override
    public void muted(String participantId, String trackId, boolean muted) {
        sendUp(new JsonObject().put("op", "muted").put("participant", participantId).put("track", trackId)
                .put("muted", muted));
    }

    @Override
    public void layersWanted(String trackId, List<String> rids) {
        String node = members.nodeOfTrack(trackId);
        Link l = node == null ? null : links.get(node);
        if (l != null && l.up) send(l, new JsonObject().put("op", "layers").put("track", trackId).put("rids", new JsonArray(rids)));
    }

    @Override
    public boolean forward(String node, RemoteCommand command) {
        Link l = links.get(node);
        if (l == null || !l.up) return false;
        JsonObject o = new JsonObject().put("op", "command").put("participant", command.participantId());
        if (command instanceof RemoteCommand.Kick) {
            o.put("kind", "kick");
        } else if (command instanceof RemoteCommand.Mute m) {
            o.put("kind", "mute").put("track", m.trackId()).put("muted", m.muted());
        } else if (command instanceof RemoteCommand.Subscriptions u) {
            o.put("kind", "subscriptions").put("subscribe", new JsonArray(u.subscribe()))
                    .put("unsubscribe", new JsonArray(u.unsubscribe()));
        } else {
            o.put("kind", "pin").put("pins", new JsonArray(((RemoteCommand.Pin) command).participantIds()));
        }
        send(l, o);
        return true;
    }

    @Override
    public void deleted() {
        sendUp(new JsonObject().put("op", "delete"));
    }

    @Override
    public void closed() {
        if (closed) return;
        closed = true;
        for (Link l : links.values()) {
            // Also to links not up yet: the other end may be up and relaying to us already.
            send(l, new JsonObject().put("op", "bye").put("node", self));
            members.router().closeTransport(l.transport);
        }
        links.clear();
        consumers.forEach(MessageConsumer::unregister);
        onClosed.run();
    }

    /** A node left the cluster: its participants leave this room here, its relay closes. */
    void nodeLeft(String node) {
        Link l = links.remove(node);
        if (l == null) return;
        int n = members.removeParticipantsOf(node, LeaveReason.TIMEOUT);
        members.router().closeTransport(l.transport);
        LOG.info("room " + members.roomId() + ": node " + node + " left; its " + n + " participants with it");
    }

    // ---- from the other nodes ----

    private void onMessage(Message<JsonObject> m) {
        if (closed) return;
        Object body = m.body(); // what another node sent: not necessarily what the consumer's type says
        if (!(body instanceof JsonObject o)) return;
        try {
            String node = o.getString("node");
            String to = o.getString("to");
            if (to != null && !to.equals(segment)) return; // meant for an earlier opening of the room here
            switch (o.getString("op", "")) {
                case "hello" -> {
                    if (node != null && !node.equals(self)) link(node, o.getString("segment"));
                }
                case "link" -> onLink(node, o);
                default -> onLinkMessage(o);
            }
        } catch (RuntimeException e) {
            // Cluster members are trusted, but a malformed message must not break the room for anyone.
            LOG.warning("room " + members.roomId() + ": refused a message from another node: " + e);
        }
    }

    /**
     * Opens this node's end of the relay to {@code node}'s segment {@code peerSegment} (once) and sends it our
     * parameters. A link to an earlier segment of that node (the room closed and opened again there) is dropped first.
     */
    private Link link(String node, String peerSegment) {
        if (peerSegment == null) throw new IllegalArgumentException("no segment");
        Link l = links.get(node);
        if (l != null && l.peerSegment.equals(peerSegment)) return l;
        if (l != null) nodeLeft(node);
        RelayTransport t = relays.open("relay-" + members.roomId().value() + "-" + node, members.router());
        l = new Link(node, t);
        l.peerSegment = peerSegment;
        links.put(node, l);
        RelayTransport.Parameters p = t.localParameters();
        send(l, new JsonObject().put("op", "link").put("node", self)
                .put("host", p.address().getAddress().getHostAddress()).put("port", p.address().getPort())
                .put("linkId", p.linkId()).put("key", Base64.getEncoder().encodeToString(p.sendKeyMaterial())));
        return l;
    }

    private void onLink(String node, JsonObject o) {
        if (node == null || node.equals(self)) return;
        Link l = link(node, o.getString("from-segment"));
        if (l.up) return;
        InetSocketAddress address = new InetSocketAddress(o.getString("host"), o.getInteger("port"));
        if (address.isUnresolved()) throw new IllegalArgumentException("relay host must be an address");
        l.transport.connect(new RelayTransport.Parameters(address, o.getInteger("linkId"),
                Base64.getDecoder().decode(o.getString("key"))));
        l.up = true;
        JsonArray participants = new JsonArray();
        for (RemoteMembers.Member m : members.localMembers()) {
            JsonArray tracks = new JsonArray();
            for (RelayableTrack t : m.tracks()) {
                JsonObject announcement = relay(l, t);
                if (announcement != null) tracks.add(announcement);
            }
            participants.add(participantJson(m.id(), m.name(), m.joinedAt()).put("tracks", tracks));
        }
        send(l, new JsonObject().put("op", "sync").put("node", self).put("participants", participants));
        LOG.fine(() -> "room " + members.roomId() + ": relay to node " + node + " up");
    }

    private void onLinkMessage(JsonObject o) {
        String from = o.getString("from");
        Link l = from == null ? null : links.get(from);
        // Before the link (cannot happen in order), after the node left, or from an earlier segment of that node.
        if (l == null || !l.up || !l.peerSegment.equals(o.getString("from-segment"))) return;
        switch (o.getString("op", "")) {
            case "sync" -> {
                for (Object p : o.getJsonArray("participants")) {
                    JsonObject j = (JsonObject) p;
                    addParticipant(l, j);
                    for (Object t : j.getJsonArray("tracks", new JsonArray())) addTrack(l, j.getString("id"), (JsonObject) t);
                }
            }
            case "joined" -> addParticipant(l, o.getJsonObject("participant"));
            case "left" -> {
                if (l.node.equals(members.nodeOf(o.getString("id")))) {
                    members.removeParticipant(o.getString("id"), leaveReason(o.getString("reason")));
                }
            }
            case "published" -> addTrack(l, o.getString("participant"), o.getJsonObject("track"));
            case "unpublished" -> {
                if (l.node.equals(members.nodeOf(o.getString("participant")))) {
                    members.removeTrack(o.getString("participant"), o.getString("track"));
                }
            }
            case "muted" -> {
                if (l.node.equals(members.nodeOf(o.getString("participant")))) {
                    members.setMuted(o.getString("participant"), o.getString("track"), o.getBoolean("muted"));
                }
            }
            case "layers" -> {
                List<String> rids = new ArrayList<>();
                rids.addAll(strings(o.getJsonArray("rids")));
                if (l.relayed.containsKey(o.getString("track"))) {
                    members.router().setRelayLayers(o.getString("track"), l.transport, rids);
                }
            }
            case "bye" -> nodeLeft(l.node);
            case "delete" -> members.deleteRoom();
            case "command" -> members.apply(command(o));
            default -> LOG.fine("room " + members.roomId() + ": unknown op from node " + l.node);
        }
    }

    private static RemoteCommand command(JsonObject o) {
        String participant = o.getString("participant");
        return switch (o.getString("kind", "")) {
            case "kick" -> new RemoteCommand.Kick(participant);
            case "mute" -> new RemoteCommand.Mute(participant, o.getString("track"), o.getBoolean("muted"));
            case "subscriptions" -> new RemoteCommand.Subscriptions(participant, strings(o.getJsonArray("subscribe")),
                    strings(o.getJsonArray("unsubscribe")));
            case "pin" -> new RemoteCommand.Pin(participant, strings(o.getJsonArray("pins")));
            default -> throw new IllegalArgumentException("unknown command " + o.getString("kind"));
        };
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        for (Object v : a) out.add((String) v);
        return out;
    }

    private void addParticipant(Link l, JsonObject j) {
        members.addParticipant(j.getString("id"), j.getString("name", ""), Instant.ofEpochMilli(j.getLong("joinedAt")),
                l.node);
    }

    private void addTrack(Link l, String participantId, JsonObject track) {
        RelayedTrackWire.Decoded d = RelayedTrackWire.decode(track);
        members.addTrack(participantId, d.track(), d.producer(), l.transport);
    }

    /**
     * Starts relaying one of this node's tracks on a link; returns its announcement, or null when the link already
     * carries {@link RelayTransport#MAX_SSRCS} streams (the relay's SRTP state would evict live ones): the track is
     * then not announced to that node, whose participants do not see it, and one warning per link says so.
     */
    private JsonObject relay(Link l, RelayableTrack track) {
        String trackId = track.info().id().value();
        List<RelayStream> streams = l.relayed.get(trackId);
        if (streams == null) {
            int layers = Math.max(1, track.spec().layers().size());
            boolean video = track.info().kind() == io.patchbay.core.room.TrackKind.VIDEO;
            if (!l.budget.reserve(RelayBudget.ssrcsFor(layers, video))) {
                if (l.budget.firstRefusal()) {
                    LOG.warning("room " + members.roomId() + ": the relay to node " + l.node + " carries "
                            + l.budget.used() + " streams, its limit is " + l.budget.max() + "; track " + trackId
                            + " and later ones are not relayed there (its participants do not see them)");
                }
                return null;
            }
            streams = new ArrayList<>();
            for (int i = 0; i < layers; i++) streams.add(new RelayStream(l.ssrc(), video ? l.ssrc() : 0));
            l.relayed.put(trackId, streams);
            members.router().relayProducer(trackId, l.transport, streams);
        }
        return RelayedTrackWire.encode(track, streams);
    }

    private void sendUp(JsonObject message) {
        for (Link l : links.values()) {
            if (l.up) send(l, message.copy());
        }
    }

    private void send(Link l, JsonObject message) {
        bus.send(roomAddress + "." + l.node, message.put("from", self).put("from-segment", segment)
                .put("to", l.peerSegment));
    }

    private static JsonObject participantJson(String id, String name, Instant joinedAt) {
        return new JsonObject().put("id", id).put("name", name).put("joinedAt", joinedAt.toEpochMilli());
    }

    private static LeaveReason leaveReason(String wire) {
        for (LeaveReason r : LeaveReason.values()) {
            if (r.wireName().equals(wire)) return r;
        }
        return LeaveReason.LEFT;
    }
}
