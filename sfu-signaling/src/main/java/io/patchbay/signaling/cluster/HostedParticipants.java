package io.patchbay.signaling.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.core.room.RoomId;
import io.patchbay.signaling.metrics.PatchbayMetrics;
import io.patchbay.signaling.room.MessageSink;
import io.patchbay.signaling.room.ParticipantHandle;
import io.patchbay.signaling.room.RoomRegistry;
import io.patchbay.signaling.ws.ClientCommands;
import io.patchbay.signaling.ws.ErrorCode;
import io.patchbay.signaling.ws.Json;
import io.patchbay.signaling.ws.JoinRequest;
import io.patchbay.signaling.ws.LocalJoinRouter;
import io.patchbay.signaling.ws.SignalingException;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The host side of signaling over the event bus: participants of this node's rooms whose WebSocket is on another node.
 * Each is a {@link MessageSink} that sends to its edge, and applies the client messages the edge forwards exactly as a
 * local socket's. When an edge node leaves the cluster, its participants' sockets count as lost (they may resume
 * through another node within the resume window).
 */
public final class HostedParticipants implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HostedParticipants.class.getName());

    private final EventBus bus;
    private final RoomRegistry rooms;
    private final LocalJoinRouter local;
    private final PatchbayMetrics metrics;
    private final SessionsByNode<Hosted> byEdge = new SessionsByNode<>();
    private final MessageConsumer<JsonObject> joins;
    /** Answers other nodes opening their part of a room open here with its settings. */
    private final MessageConsumer<JsonObject> settings;

    public HostedParticipants(EventBus bus, NodeDirectory nodes, RoomRegistry rooms,
                              PatchbayMetrics metrics) {
        this.bus = bus;
        this.rooms = rooms;
        this.local = new LocalJoinRouter(rooms);
        this.metrics = metrics;
        // Created on the signaling event loop, so every handler here runs on the rooms' thread.
        this.joins = bus.consumer(SignalingBus.joinAddress(nodes.selfId()), this::onJoin);
        this.settings = bus.consumer(SignalingBus.roomSettingsAddress(nodes.selfId()), m -> {
            String room = m.body().getString("room");
            m.reply(room == null || !RoomId.isValid(room) ? new JsonObject()
                    : rooms.snapshot(new RoomId(room)).map(r -> SignalingBus.roomSettings(r.settings()))
                    .orElseGet(JsonObject::new));
        });
        nodes.onNodeLeft(this::edgeLeft);
    }

    /** Participants hosted here for other nodes' sockets (any thread: for the metrics). */
    public int count() {
        return byEdge.count();
    }

    private void onJoin(Message<JsonObject> request) {
        JsonObject body = request.body();
        String edge = body.getString("edge");
        String session = body.getString("session");
        if (edge == null || session == null) {
            request.reply(SignalingBus.error(ErrorCode.INTERNAL.wire(), "malformed cluster join"));
            return;
        }
        Hosted hosted = new Hosted(edge, session);
        // The edge sends to the link as soon as it has the reply: it must be known cluster-wide by then.
        hosted.link = bus.consumer("patchbay.link." + UUID.randomUUID(), hosted::onLink);
        hosted.link.completion().onComplete(registered -> {
            if (registered.failed()) {
                hosted.unlink();
                request.reply(SignalingBus.error(ErrorCode.INTERNAL.wire(), "the room's node could not take the join"));
                return;
            }
            try {
                hosted.participant = local.joinHere(SignalingBus.joinRequest(body), hosted);
            } catch (SignalingException e) {
                hosted.unlink();
                request.reply(SignalingBus.error(e.code(), e.getMessage()));
                return;
            } catch (RuntimeException e) {
                hosted.unlink();
                LOG.log(Level.WARNING, "cluster join failed", e);
                request.reply(SignalingBus.error(ErrorCode.INTERNAL.wire(), "the server failed to handle this message"));
                return;
            }
            byEdge.add(edge, hosted);
            request.reply(new JsonObject().put("link", hosted.link.address()));
        });
    }

    private void edgeLeft(String edge) {
        List<Hosted> lost = byEdge.removeNode(edge);
        if (lost.isEmpty()) return;
        LOG.info("cluster: " + lost.size() + " participants' sockets were on node " + edge + ": kept for resume");
        for (Hosted h : lost) {
            h.unlink();
            if (h.participant != null) rooms.socketLost(h.participant);
        }
    }

    @Override
    public void close() {
        joins.unregister();
        settings.unregister();
        byEdge.removeAll().forEach(Hosted::unlink);
    }

    /** One participant whose socket is on {@code edge}. */
    private final class Hosted implements MessageSink {
        final String edge;
        final String session;
        ParticipantHandle participant;
        MessageConsumer<JsonObject> link;
        boolean gone;

        Hosted(String edge, String session) {
            this.edge = edge;
            this.session = session;
        }

        void onLink(Message<JsonObject> m) {
            if (gone || participant == null) return;
            JsonObject body = m.body();
            switch (body.getString("op", "")) {
                case "message" -> apply(body.getString("text", ""));
                case "leave" -> {
                    forget();
                    rooms.leave(participant);
                }
                case "lost" -> {
                    forget();
                    rooms.socketLost(participant);
                }
                default -> LOG.fine("cluster: unknown link op from node " + edge);
            }
        }

        private void apply(String text) {
            String type = "";
            try {
                JsonNode message = Json.MAPPER.readTree(text);
                type = message.path("type").asText("");
                ClientCommands.apply(participant, type, message);
            } catch (SignalingException e) {
                metrics.signalingError(e.code());
                sendError(e.code(), e.getMessage());
            } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
                LOG.log(Level.WARNING, "failed to handle '" + type + "' from node " + edge, e);
                sendError(ErrorCode.INTERNAL.wire(), "the server failed to handle this message");
            }
        }

        private void sendError(String code, String message) {
            send(io.patchbay.signaling.room.Messages.error(code, message));
        }

        @Override
        public void send(ObjectNode message) {
            if (gone) return;
            bus.send(session, new JsonObject().put("op", "send").put("text", Json.write(message)));
        }

        @Override
        public void close(String reason) {
            if (gone) return;
            bus.send(session, new JsonObject().put("op", "close").put("reason", reason));
            forget();
        }

        @Override
        public void detach(String reason) {
            if (gone) return;
            bus.send(session, new JsonObject().put("op", "detach").put("reason", reason));
            forget();
        }

        /** Nothing more goes to or comes from this socket. */
        private void forget() {
            unlink();
            byEdge.remove(edge, this);
        }

        void unlink() {
            gone = true;
            if (link != null) link.unregister();
        }
    }
}
