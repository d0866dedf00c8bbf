package io.patchbay.signaling.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.signaling.room.MessageSink;
import io.patchbay.signaling.room.Messages;
import io.patchbay.signaling.room.RoomRegistry;
import io.patchbay.signaling.room.RoomSettings;
import io.patchbay.signaling.ws.ErrorCode;
import io.patchbay.signaling.ws.Json;
import io.patchbay.signaling.ws.JoinRequest;
import io.patchbay.signaling.ws.JoinRouter;
import io.patchbay.signaling.ws.LocalJoinRouter;
import io.patchbay.signaling.ws.ParticipantChannel;
import io.patchbay.signaling.ws.SignalingException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The edge side of signaling in a cluster: a join goes to the room's owner (placing the room first if needed). On
 * this node it is a local join; on another, the socket's messages travel to the owner over the event bus and the
 * owner's messages come back the same way, while the client's media goes straight to the owner's UDP port (its ICE
 * candidates are the owner's). If the owner leaves the cluster, its participants' sockets here are closed so that
 * their clients reconnect and the room is placed again.
 */
public final class ClusterJoinRouter implements JoinRouter {
    private static final Logger LOG = Logger.getLogger(ClusterJoinRouter.class.getName());

    private final EventBus bus;
    private final NodeDirectory nodes;
    private final RoomPlacement placement;
    private final LocalJoinRouter local;
    private final RoomRegistry rooms;
    private final SessionsByNode<Remote> byHost = new SessionsByNode<>();
    private final ClusterSettings.MediaPlacement media;

    public ClusterJoinRouter(EventBus bus, NodeDirectory nodes, RoomPlacement placement, RoomRegistry rooms,
                             ClusterSettings.MediaPlacement media) {
        this.rooms = rooms;
        this.media = media;
        this.local = new LocalJoinRouter(rooms);
        this.bus = bus;
        this.nodes = nodes;
        this.placement = placement;
        nodes.onNodeLeft(this::hostLeft);
    }

    /** Sockets on this node whose room is on another node (any thread: for the metrics). */
    public int remoteCount() {
        return byHost.count();
    }

    /**
     * A draining node takes no new joins, even for rooms elsewhere (its sockets close when it exits): the client joins
     * again through the load balancer. A resume goes through, and the client is told to move.
     */
    @Override
    public Future<ParticipantChannel> join(JoinRequest request, MessageSink sink) {
        if (rooms.draining() && !request.resume()) return Future.failedFuture(RoomRegistry.drainingRefusal());
        return placement.ownerOf(request.room())
                .recover(e -> Future.failedFuture(e instanceof RoomPlacement.NoCapacityException
                        ? new SignalingException(ErrorCode.SERVER_FULL, e.getMessage())
                        : new SignalingException(ErrorCode.INTERNAL, "the cluster could not place the room: "
                        + e.getMessage())))
                .compose(owner -> route(owner.id(), request, sink));
    }

    /**
     * Where the participant's media goes: its room's owner; or this node, where the room then spans nodes
     * ({@link RoomSegment}), with {@code media = edge}, or when the owner is full (overflow). A resume goes first to
     * this node if the room is open here (the participant may be on it).
     */
    private Future<ParticipantChannel> route(String owner, JoinRequest request, MessageSink sink) {
        if (owner.equals(nodes.selfId())) return local.join(request, sink);
        if (request.resume()) {
            if (rooms.snapshot(request.room()).isEmpty()) return joinRemote(owner, request, sink);
            return local.join(request, sink).recover(e -> joinRemote(owner, request, sink));
        }
        if (media == ClusterSettings.MediaPlacement.EDGE) return joinHere(owner, request, sink);
        return joinRemote(owner, request, sink).recover(e -> {
            if (e instanceof SignalingException s && s.code().equals(ErrorCode.SERVER_FULL.wire())) {
                LOG.fine(() -> "cluster: room " + request.room() + "'s node is full; this node takes the participant");
                return joinHere(owner, request, sink);
            }
            return Future.failedFuture(e);
        });
    }

    /**
     * Joins this node's part of a room owned by {@code owner}; opening it, with the owner's settings (participant
     * limit, last-N, metadata; not kept open while empty here) when the owner has them.
     */
    private Future<ParticipantChannel> joinHere(String owner, JoinRequest r, MessageSink sink) {
        if (rooms.snapshot(r.room()).isPresent()) return local.join(r, sink);
        return bus.<JsonObject>request(SignalingBus.roomSettingsAddress(owner), new JsonObject().put("room", r.room().value()),
                        new DeliveryOptions().setSendTimeout(SignalingBus.JOIN_TIMEOUT_MS))
                .map(m -> SignalingBus.segmentSettings(m.body()))
                .otherwise(RoomSettings.implicit())
                .compose(settings -> {
                    try {
                        return Future.succeededFuture(new LocalJoinRouter.Local(rooms.join(r.room(), r.name(), sink,
                                r.canPublish(), r.canSubscribe(), r.identity(), r.autoSubscribe(), settings), rooms));
                    } catch (SignalingException | RuntimeException e) {
                        return Future.failedFuture(e);
                    }
                });
    }

    private Future<ParticipantChannel> joinRemote(String host, JoinRequest request, MessageSink sink) {
        Remote remote = new Remote(host, sink);
        remote.session = bus.consumer("patchbay.session." + UUID.randomUUID(), remote::onHostMessage);
        return remote.session.completion()
                .compose(v -> bus.<JsonObject>request(SignalingBus.joinAddress(host),
                        SignalingBus.joinRequest(request, nodes.selfId(), remote.session.address()),
                        new DeliveryOptions().setSendTimeout(SignalingBus.JOIN_TIMEOUT_MS)))
                .recover(e -> {
                    remote.session.unregister();
                    return Future.failedFuture(new SignalingException(ErrorCode.INTERNAL,
                            "the room's node did not answer the join: " + e.getMessage()));
                })
                .compose(reply -> {
                    JsonObject error = reply.body().getJsonObject("error");
                    if (error != null) {
                        remote.session.unregister();
                        return Future.failedFuture(new SignalingException(error.getString("code", "internal"),
                                error.getString("message", "")));
                    }
                    remote.link = reply.body().getString("link");
                    if (!nodes.isMember(host)) { // it died while answering
                        remote.hostGone();
                        return Future.failedFuture(new SignalingException(ErrorCode.INTERNAL,
                                "the room's node left the cluster: join again"));
                    }
                    byHost.add(host, remote);
                    if (rooms.draining()) sink.send(Messages.draining());
                    return Future.succeededFuture(remote);
                });
    }

    private void hostLeft(String host) {
        List<Remote> orphans = byHost.removeNode(host);
        if (orphans.isEmpty()) return;
        LOG.warning("cluster: node " + host + " held the rooms of " + orphans.size()
                + " sockets here: closing them so that their clients reconnect");
        for (Remote r : orphans) r.hostGone();
    }

    /** A socket here whose participant is in a room on {@code host}. */
    private final class Remote implements ParticipantChannel {
        final String host;
        final MessageSink sink;
        MessageConsumer<JsonObject> session;
        String link;
        boolean done;

        Remote(String host, MessageSink sink) {
            this.host = host;
            this.sink = sink;
        }

        @Override
        public void handle(String type, JsonNode message) {
            if (done) return;
            bus.send(link, new JsonObject().put("op", "message").put("text", Json.write(message)));
        }

        @Override
        public void leave() {
            end("leave");
        }

        @Override
        public void socketLost() {
            end("lost");
        }

        private void end(String op) {
            if (done) return;
            bus.send(link, new JsonObject().put("op", op));
            forget();
        }

        void onHostMessage(Message<JsonObject> m) {
            if (done) return;
            JsonObject body = m.body();
            switch (body.getString("op", "")) {
                case "send" -> {
                    try {
                        JsonNode n = Json.MAPPER.readTree(body.getString("text", "{}"));
                        if (n instanceof ObjectNode o) sink.send(o);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        LOG.fine("cluster: unreadable message from node " + host);
                    }
                }
                case "close" -> {
                    forget();
                    sink.close(body.getString("reason", "closed"));
                }
                case "detach" -> {
                    forget();
                    sink.detach(body.getString("reason", "resumed elsewhere"));
                }
                default -> LOG.fine("cluster: unknown session op from node " + host);
            }
        }

        /** The room's node is gone: the client reconnects (its room is placed again) or resumes elsewhere. */
        void hostGone() {
            if (done) return;
            forget();
            sink.close("the room's node left the cluster");
        }

        private void forget() {
            done = true;
            if (session != null) session.unregister();
            byHost.remove(host, this);
        }
    }
}
