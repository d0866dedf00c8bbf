package io.patchbay.signaling.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.core.room.RoomId;
import io.patchbay.signaling.auth.AccessControl;
import io.patchbay.signaling.cluster.NodeDirectory;
import io.patchbay.signaling.cluster.NodeInfo;
import io.patchbay.signaling.cluster.RoomPlacement;
import io.patchbay.signaling.room.RoomRegistry;
import io.patchbay.signaling.ws.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The REST API in a cluster: any node answers for every room. A request about a room owned by another node is
 * forwarded to that node over HTTP (the caller's {@code Authorization} goes along and is checked there too), a room
 * list gathers every node's rooms, and a new room is placed where placement says. Mounted before {@link RestApi},
 * which answers whatever concerns this node. {@code GET /api/v1/nodes} lists the nodes (one node when alone).
 */
public final class ClusterRoutes {
    /** Marks a forwarded request: the receiving node answers it itself. */
    static final String FORWARDED_BY = "x-patchbay-forwarded-by";
    /** On every API response: the node that answered (the room's owner for a forwarded request). */
    public static final String NODE = "x-patchbay-node";
    private static final long FORWARD_TIMEOUT_MS = 5_000;

    private ClusterRoutes() {
    }

    /** {@code GET /api/v1/nodes}: {@code {self, nodes: [...]}}. */
    public static void mountNodes(Router router, AccessControl access, String selfId,
                                  Supplier<Future<List<NodeInfo>>> nodes) {
        router.get(RestApi.PREFIX + "/nodes").handler(RestApi.admin(access)).handler(ctx -> nodes.get().onComplete(ar -> {
            if (ar.failed()) {
                RestApi.sendError(ctx, ApiError.INTERNAL, "the cluster's node list is unavailable: " + ar.cause().getMessage());
                return;
            }
            ObjectNode body = Json.object();
            body.put("self", selfId);
            ArrayNode list = body.putArray("nodes");
            for (NodeInfo n : ar.result()) list.add(toJackson(n.toJson()));
            RestApi.sendJson(ctx, 200, body);
        }));
    }

    /** The forwarding routes; call before {@link RestApi#mount}. */
    public static void mount(Router router, NodeDirectory nodes, RoomPlacement placement, RoomRegistry rooms,
                             AccessControl access, HttpClient client) {
        Forwarder f = new Forwarder(nodes, placement, rooms, client);
        router.route(RestApi.PREFIX + "/*").handler(ctx -> {
            ctx.response().putHeader(NODE, nodes.selfId());
            ctx.next();
        });
        String room = RestApi.PREFIX + "/rooms/:room";
        router.post(RestApi.PREFIX + "/rooms").handler(RestApi.body()).handler(local(RestApi.admin(access)))
                .handler(local(f::create));
        router.get(RestApi.PREFIX + "/rooms").handler(local(RestApi.admin(access))).handler(local(f::list));
        for (String path : List.of(room, room + "/*")) {
            router.route(path).handler(RestApi.body()).handler(local(RestApi.admin(access))).handler(local(f::toOwner));
        }
    }

    /** A forwarded request skips the cluster handlers: {@link RestApi} answers it here. */
    private static io.vertx.core.Handler<RoutingContext> local(io.vertx.core.Handler<RoutingContext> h) {
        return ctx -> {
            if (ctx.request().getHeader(FORWARDED_BY) != null) ctx.next();
            else h.handle(ctx);
        };
    }

    private static JsonNode toJackson(io.vertx.core.json.JsonObject o) {
        try {
            return Json.MAPPER.readTree(o.encode());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Forwarder(NodeDirectory nodes, RoomPlacement placement, RoomRegistry rooms, HttpClient client) {
        /** {@code POST /rooms}: placed by load; created here or on the chosen node. */
        void create(RoutingContext ctx) {
            String name = null;
            try {
                JsonNode body = Json.MAPPER.readTree(ctx.body().asString());
                name = body == null ? null : body.path("name").asText(null);
            } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException ignored) {
                // RestApi answers the bad body
            }
            if (name == null || !RoomId.isValid(name)) {
                ctx.next();
                return;
            }
            RoomId id = new RoomId(name);
            if (rooms.snapshot(id).isPresent()) {
                ctx.next(); // here already: RestApi answers room-exists
                return;
            }
            placement.ownerOf(id).onComplete(ar -> {
                if (ar.failed()) {
                    RestApi.sendError(ctx, ar.cause() instanceof RoomPlacement.NoCapacityException
                            ? ApiError.NO_CAPACITY : ApiError.INTERNAL, ar.cause().getMessage());
                } else if (ar.result().id().equals(nodes.selfId())) {
                    ctx.next();
                } else {
                    forward(ctx, ar.result());
                }
            });
        }

        /** {@code GET /rooms}: this node's rooms and every other node's, each with its {@code node}. */
        void list(RoutingContext ctx) {
            nodes.nodes().onComplete(ar -> {
                if (ar.failed()) {
                    RestApi.sendError(ctx, ApiError.INTERNAL, "the cluster's node list is unavailable");
                    return;
                }
                List<Future<JsonNode>> parts = new ArrayList<>();
                for (NodeInfo n : ar.result()) {
                    if (n.id().equals(nodes.selfId())) {
                        parts.add(Future.succeededFuture(withNode(RestJson.roomList(rooms.snapshots()), n.id())));
                    } else {
                        parts.add(send(ctx, n, HttpMethod.GET, RestApi.PREFIX + "/rooms", null)
                                .compose(r -> r.statusCode() == 200
                                        ? r.body().map(b -> withNode(parse(b), n.id()))
                                        : Future.failedFuture("node " + n.id() + " answered " + r.statusCode())));
                    }
                }
                Future.join(parts).onComplete(done -> {
                    ObjectNode out = Json.object();
                    ArrayNode all = out.putArray("rooms");
                    ArrayNode missing = Json.MAPPER.createArrayNode();
                    // A room across nodes is open on each of them: listed once, with every node it is on.
                    java.util.Map<String, ObjectNode> byName = new java.util.HashMap<>();
                    for (int i = 0; i < parts.size(); i++) {
                        Future<JsonNode> p = parts.get(i);
                        if (p.failed()) {
                            missing.add(ar.result().get(i).id());
                            continue;
                        }
                        for (JsonNode r : p.result().path("rooms")) {
                            if (!(r instanceof ObjectNode room)) continue;
                            ObjectNode first = byName.get(room.path("name").asText());
                            if (first == null) {
                                room.putArray("nodes").add(room.path("node").asText());
                                byName.put(room.path("name").asText(), room);
                                all.add(room);
                            } else {
                                ((ArrayNode) first.get("nodes")).add(room.path("node").asText());
                            }
                        }
                    }
                    // A node that did not answer in time is named rather than silently left out.
                    if (!missing.isEmpty()) out.set("unavailableNodes", missing);
                    RestApi.sendJson(ctx, 200, out);
                });
            });
        }

        /** Anything under {@code /rooms/:room}: answered by the room's owner. */
        void toOwner(RoutingContext ctx) {
            String name = ctx.pathParam("room");
            if (!RoomId.isValid(name)) {
                ctx.next();
                return;
            }
            RoomId id = new RoomId(name);
            if (rooms.snapshot(id).isPresent()) {
                ctx.next(); // open here (its owner, or its part of a room across nodes)
                return;
            }
            placement.currentOwner(id).onComplete(ar -> {
                if (ar.failed() || ar.result().isEmpty() || ar.result().get().equals(nodes.selfId())) {
                    toAnyNodeWithRoom(ctx, id, null);
                    return;
                }
                nodes.node(ar.result().get()).onComplete(n -> {
                    if (n.failed() || n.result().isEmpty()) ctx.next();
                    else toAnyNodeWithRoom(ctx, id, n.result().get());
                });
            });
        }

        /**
         * The request goes to a node that has the room open: its owner when it has, else the first other one (a room
         * across nodes lives on the nodes its participants reached, which need not include its owner). None: to the
         * owner anyway ({@code owner} non-null: its answer or its unavailability), or answered here (404).
         */
        private void toAnyNodeWithRoom(RoutingContext ctx, RoomId id, NodeInfo owner) {
            nodes.nodes().onComplete(ar -> {
                if (ar.failed()) {
                    if (owner != null) forward(ctx, owner);
                    else ctx.next();
                    return;
                }
                List<NodeInfo> others = ar.result().stream()
                        .filter(n -> !n.id().equals(nodes.selfId()) && n.httpUrl() != null).toList();
                List<Future<Boolean>> asks = new ArrayList<>();
                for (NodeInfo n : others) {
                    asks.add(send(ctx, n, HttpMethod.GET, RestApi.PREFIX + "/rooms/" + id.value(), null)
                            .compose(r -> r.body().map(b -> r.statusCode() == 200)));
                }
                Future.join(asks).onComplete(done -> {
                    if (ctx.response().ended()) return;
                    NodeInfo found = null;
                    for (int i = 0; i < asks.size(); i++) {
                        if (!asks.get(i).succeeded() || !asks.get(i).result()) continue;
                        if (owner != null && others.get(i).id().equals(owner.id())) {
                            found = others.get(i);
                            break;
                        }
                        if (found == null) found = others.get(i);
                    }
                    if (found != null) forward(ctx, found);
                    else if (owner != null) forward(ctx, owner);
                    else ctx.next();
                });
            });
        }

        private void forward(RoutingContext ctx, NodeInfo owner) {
            if (owner.httpUrl() == null) {
                RestApi.sendError(ctx, ApiError.NODE_UNAVAILABLE, "node " + owner.id() + " (which owns this room) has"
                        + " not reported its address yet: try again in a second");
                return;
            }
            Buffer body = ctx.body().buffer();
            send(ctx, owner, ctx.request().method(), ctx.request().uri(), body).compose(r -> r.body().map(b -> {
                var response = ctx.response().setStatusCode(r.statusCode());
                for (String h : List.of("content-type", "location", "www-authenticate", "allow", NODE)) {
                    String v = r.getHeader(h);
                    if (v != null) response.putHeader(h, v);
                }
                return b;
            })).onComplete(ar -> {
                if (ctx.response().ended()) return;
                if (ar.succeeded()) ctx.response().end(ar.result());
                else RestApi.sendError(ctx, ApiError.NODE_UNAVAILABLE, "node " + owner.id() + " (which owns this room)"
                        + " did not answer: " + ar.cause().getMessage());
            });
        }

        private Future<HttpClientResponse> send(RoutingContext ctx, NodeInfo to, HttpMethod method, String uri,
                                                Buffer body) {
            RequestOptions o = new RequestOptions().setMethod(method).setAbsoluteURI(to.httpUrl() + uri)
                    .setIdleTimeout(FORWARD_TIMEOUT_MS).putHeader(FORWARDED_BY, nodes.selfId());
            for (String h : List.of("authorization", "content-type")) {
                String v = ctx.request().getHeader(h);
                if (v != null) o.putHeader(h, v);
            }
            return client.request(o).compose(req -> body == null || body.length() == 0 ? req.send() : req.send(body));
        }

        private static JsonNode parse(Buffer b) {
            try {
                return Json.MAPPER.readTree(b.toString());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return Json.object();
            }
        }

        private static JsonNode withNode(JsonNode list, String nodeId) {
            for (JsonNode r : list.path("rooms")) {
                if (r instanceof ObjectNode o) o.put("node", nodeId);
            }
            return list;
        }
    }
}
