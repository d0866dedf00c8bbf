package io.patchbay.signaling.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.room.RoomId;
import io.patchbay.signaling.auth.AccessControl;
import io.patchbay.signaling.room.ParticipantSnapshot;
import io.patchbay.signaling.room.RoomCommandResult;
import io.patchbay.signaling.room.RoomRegistry;
import io.patchbay.signaling.room.RoomSnapshot;
import io.patchbay.signaling.ws.Json;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The room-management REST API under {@code /api/v1} (documented in {@code openapi.json}, served at
 * {@code /api/v1/openapi.json}). Handlers run on the signaling event loop, the thread that owns the
 * {@link RoomRegistry}, so they call it directly.
 */
public final class RestApi {
    private static final Logger LOG = Logger.getLogger(RestApi.class.getName());
    public static final String PREFIX = "/api/v1";
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final RoomRegistry rooms;
    private final AccessControl access;
    /** Starts the server's drain ({@code POST /api/v1/admin/drain}), or null: no such route. */
    private final Runnable drain;

    private RestApi(RoomRegistry rooms, AccessControl access, Runnable drain) {
        this.rooms = rooms;
        this.access = access;
        this.drain = drain;
    }

    /** As {@link #mount(Router, RoomRegistry, AccessControl)} with access control off. */
    public static void mount(Router router, RoomRegistry rooms) {
        mount(router, rooms, null);
    }

    /**
     * Registers every {@code /api/v1} route on {@code router}, and JSON errors for unmatched {@code /api/} paths.
     * With {@code access} enabled every route but {@code openapi.json} needs {@code Authorization: Bearer <admin token>}.
     */
    public static void mount(Router router, RoomRegistry rooms, AccessControl access) {
        mount(router, rooms, access, null);
    }

    /** As {@link #mount(Router, RoomRegistry, AccessControl)}, with {@code POST /api/v1/admin/drain} running {@code drain}. */
    public static void mount(Router router, RoomRegistry rooms, AccessControl access, Runnable drain) {
        RestApi api = new RestApi(rooms, access, drain);
        String room = PREFIX + "/rooms/:room";
        String participant = room + "/participants/:participant";
        router.get(PREFIX + "/openapi.json").handler(OpenApiDocument.handler());
        router.post(PREFIX + "/rooms").handler(body()).handler(jsonOnly()).handler(api.admin()).handler(api.guard(api::createRoom));
        router.get(PREFIX + "/rooms").handler(api.admin()).handler(api.guard(api::listRooms));
        router.get(room).handler(api.admin()).handler(api.guard(api::getRoom));
        router.delete(room).handler(api.admin()).handler(api.guard(api::deleteRoom));
        router.get(room + "/participants").handler(api.admin()).handler(api.guard(api::listParticipants));
        router.get(participant).handler(api.admin()).handler(api.guard(api::getParticipant));
        router.delete(participant).handler(api.admin()).handler(api.guard(api::kick));
        router.post(participant + "/tracks/:track/mute").handler(body()).handler(jsonOnly()).handler(api.admin()).handler(api.guard(api::mute));
        router.post(participant + "/subscriptions").handler(body()).handler(jsonOnly()).handler(api.admin()).handler(api.guard(api::subscriptions));
        router.post(participant + "/pins").handler(body()).handler(jsonOnly()).handler(api.admin()).handler(api.guard(api::pins));
        router.post(PREFIX + "/tokens").handler(body()).handler(jsonOnly()).handler(api.admin()).handler(api.guard(api::createToken));
        if (drain != null) router.post(PREFIX + "/admin/drain").handler(api.admin()).handler(api.guard(api::drain));
        // Unmatched /api/v1 paths get a JSON 404, or 405 when the path exists with other methods; without this the
        // static file handler behind it would answer.
        router.route(PREFIX + "/*").handler(ctx -> onUnmatched(ctx, router));
        for (int status : new int[] {400, 404, 405, 413, 500}) {
            router.errorHandler(status, ctx -> onRouterError(ctx, status));
        }
    }

    // ---- handlers ----

    private void createRoom(RoutingContext ctx) throws ApiException {
        RequestBodies.CreateRoom request = RequestBodies.createRoom(ctx.body().buffer());
        RoomSnapshot created = rooms.create(request.name(), request.settings()).orElseThrow(() ->
                new ApiException(ApiError.ROOM_EXISTS, "room " + request.name() + " already exists"));
        ctx.response().putHeader("location", PREFIX + "/rooms/" + created.name());
        sendJson(ctx, 201, RestJson.room(created));
    }

    private void listRooms(RoutingContext ctx) {
        sendJson(ctx, 200, RestJson.roomList(rooms.snapshots()));
    }

    private void getRoom(RoutingContext ctx) throws ApiException {
        sendJson(ctx, 200, RestJson.room(existingRoom(ctx)));
    }

    private void deleteRoom(RoutingContext ctx) throws ApiException {
        RoomId id = roomId(ctx);
        if (!rooms.close(id)) throw roomNotFound(id);
        ctx.response().setStatusCode(204).end();
    }

    private void listParticipants(RoutingContext ctx) throws ApiException {
        sendJson(ctx, 200, RestJson.participantList(existingRoom(ctx)));
    }

    private void getParticipant(RoutingContext ctx) throws ApiException {
        RoomSnapshot room = existingRoom(ctx);
        String id = ctx.pathParam("participant");
        for (ParticipantSnapshot p : room.participants()) {
            if (p.id().equals(id)) {
                // With live media statistics, computed on the room's media thread.
                var stats = rooms.participantStats(roomId(ctx), id);
                if (stats.isEmpty()) {
                    sendJson(ctx, 200, RestJson.participant(p));
                    return;
                }
                stats.get().orTimeout(2, java.util.concurrent.TimeUnit.SECONDS).whenComplete((json, error) -> {
                    var body = RestJson.participant(p);
                    if (json != null) body.set("stats", json);
                    if (!ctx.response().ended()) sendJson(ctx, 200, body);
                });
                return;
            }
        }
        throw participantNotFound(room.name(), id);
    }

    /** Starts the drain (idempotent) and says who is still here. */
    private void drain(RoutingContext ctx) {
        drain.run();
        sendJson(ctx, 202, Json.object().put("draining", true).put("participants", rooms.participantCount())
                .put("rooms", rooms.roomCount()));
    }

    private void kick(RoutingContext ctx) throws ApiException {
        RoomId id = roomId(ctx);
        check(rooms.kick(id, ctx.pathParam("participant")), ctx, id);
        ctx.response().setStatusCode(204).end();
    }

    private void mute(RoutingContext ctx) throws ApiException {
        RoomId id = roomId(ctx);
        boolean muted = RequestBodies.mute(ctx.body().buffer());
        check(rooms.mute(id, ctx.pathParam("participant"), ctx.pathParam("track"), muted), ctx, id);
        ctx.response().setStatusCode(204).end();
    }

    private void subscriptions(RoutingContext ctx) throws ApiException {
        RoomId id = roomId(ctx);
        RequestBodies.Subscriptions request = RequestBodies.subscriptions(ctx.body().buffer());
        RoomCommandResult result = rooms.updateSubscriptions(id, ctx.pathParam("participant"), request.subscribe(),
                request.unsubscribe());
        if (result == RoomCommandResult.UNKNOWN_TRACK) {
            throw new ApiException(ApiError.TRACK_NOT_FOUND, "a track id is not published by another participant of room " + id);
        }
        check(result, ctx, id);
        ctx.response().setStatusCode(204).end();
    }

    private void pins(RoutingContext ctx) throws ApiException {
        RoomId id = roomId(ctx);
        List<String> pinned = RequestBodies.pins(ctx.body().buffer());
        check(rooms.pin(id, ctx.pathParam("participant"), pinned), ctx, id);
        ctx.response().setStatusCode(204).end();
    }

    private void createToken(RoutingContext ctx) throws ApiException {
        if (access == null || !access.enabled()) {
            throw new ApiException(ApiError.INVALID_FIELD, "no API key is configured, so there are no tokens to mint");
        }
        RequestBodies.CreateToken request = RequestBodies.createToken(ctx.body().buffer());
        String token = access.mintJoin(request.identity(), request.room(), request.name(), request.ttlSeconds(),
                request.canPublish(), request.canSubscribe());
        sendJson(ctx, 200, Json.object().put("token", token));
    }

    // ---- helpers ----

    /** Lets the request through only with a valid admin token (always, when access control is off). */
    private Handler<RoutingContext> admin() {
        return admin(access);
    }

    /** Lets the request through only with an admin token (or, in open mode, from loopback). */
    static Handler<RoutingContext> admin(AccessControl access) {
        return ctx -> {
            if (access == null || !access.enabled()) {
                // Open mode is for a first try on one machine: without an API key, only loopback may manage rooms.
                if (OpenModeAccess.allowed(ctx.request().remoteAddress() == null ? null
                        : ctx.request().remoteAddress().hostAddress())) {
                    ctx.next();
                } else {
                    sendError(ctx, ApiError.FORBIDDEN, "with no API key configured the REST API answers only on"
                            + " loopback; configure PATCHBAY_API_KEY and PATCHBAY_API_SECRET to use it from elsewhere");
                }
                return;
            }
            access.verifyAdmin(ctx.request().getHeader("authorization")).onComplete(ar -> {
                if (ctx.response().ended()) return;
                if (ar.succeeded()) {
                    ctx.next();
                } else {
                    ctx.response().putHeader("www-authenticate", "Bearer");
                    sendError(ctx, ApiError.UNAUTHORIZED, ar.cause() instanceof AccessControl.Rejected
                            ? ar.cause().getMessage() : "invalid token");
                }
            });
        };
    }

    private RoomSnapshot existingRoom(RoutingContext ctx) throws ApiException {
        RoomId id = roomId(ctx);
        return rooms.snapshot(id).orElseThrow(() -> roomNotFound(id));
    }

    private static RoomId roomId(RoutingContext ctx) throws ApiException {
        String name = ctx.pathParam("room");
        if (!RoomId.isValid(name)) {
            throw new ApiException(ApiError.INVALID_ROOM, "room names are 1-64 characters of A-Z a-z 0-9 _ -");
        }
        return new RoomId(name);
    }

    private static void check(RoomCommandResult result, RoutingContext ctx, RoomId room) throws ApiException {
        switch (result) {
            case DONE -> { }
            case UNKNOWN_ROOM -> throw roomNotFound(room);
            case UNKNOWN_PARTICIPANT -> throw participantNotFound(room.value(), ctx.pathParam("participant"));
            case UNKNOWN_TRACK -> throw new ApiException(ApiError.TRACK_NOT_FOUND,
                    "participant " + ctx.pathParam("participant") + " publishes no track " + ctx.pathParam("track"));
            case UNKNOWN_PINNED_PARTICIPANT -> throw new ApiException(ApiError.PARTICIPANT_NOT_FOUND,
                    "an id in 'participantIds' is not another participant of room " + room + " (nothing was pinned)");
            case NOT_ALLOWED -> throw new ApiException(ApiError.FORBIDDEN,
                    "the participant's token does not allow it (canSubscribe: false)");
        }
    }

    private static ApiException roomNotFound(RoomId room) {
        return new ApiException(ApiError.ROOM_NOT_FOUND, "no room " + room);
    }

    private static ApiException participantNotFound(String room, String participant) {
        return new ApiException(ApiError.PARTICIPANT_NOT_FOUND, "no participant " + participant + " in room " + room);
    }

    /**
     * Request bodies must say {@code Content-Type: application/json}. A web page can make a browser send a "simple"
     * cross-origin POST (text/plain, form types) without asking; application/json needs a CORS preflight, which this
     * server never grants, so no page can forge a REST call in a visitor's browser.
     */
    private static Handler<RoutingContext> jsonOnly() {
        return ctx -> {
            String type = ctx.request().getHeader("content-type");
            String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (media.equals("application/json")) {
                ctx.next();
            } else {
                sendError(ctx, ApiError.UNSUPPORTED_MEDIA_TYPE, "send the body as Content-Type: application/json");
            }
        };
    }

    static BodyHandler body() {
        return BodyHandler.create().setBodyLimit(MAX_BODY_BYTES).setHandleFileUploads(false);
    }

    private interface ApiHandler {
        void handle(RoutingContext ctx) throws ApiException;
    }

    /** Runs a handler; caller errors become their 4xx JSON error, bugs a logged 500. */
    private Handler<RoutingContext> guard(ApiHandler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (ApiException e) {
                sendError(ctx, e.error(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "REST " + ctx.request().method() + " " + ctx.request().path() + " failed", e);
                sendError(ctx, ApiError.INTERNAL, "the server failed to handle this request");
            }
        };
    }

    /** Vert.x Web's own errors (no route, wrong method, body over the limit) as JSON under {@code /api/}. */
    private static void onRouterError(RoutingContext ctx, int status) {
        if (ctx.response().ended()) return;
        if (!ctx.request().path().startsWith("/api/")) {
            ctx.response().setStatusCode(status).end(ctx.response().getStatusMessage());
            return;
        }
        if (status == 500 && ctx.failure() != null) {
            LOG.log(Level.WARNING, "REST " + ctx.request().method() + " " + ctx.request().path() + " failed", ctx.failure());
        }
        ApiError error = ApiError.forStatus(status);
        String message = switch (error) {
            case NOT_FOUND -> "no such resource: " + ctx.request().path();
            case METHOD_NOT_ALLOWED -> ctx.request().method() + " is not allowed on " + ctx.request().path();
            case BODY_TOO_LARGE -> "the body is larger than " + MAX_BODY_BYTES + " bytes";
            case BAD_JSON -> "the request could not be read";
            default -> "the server failed to handle this request";
        };
        sendError(ctx, error, message);
    }

    private static void onUnmatched(RoutingContext ctx, Router router) {
        String path = ctx.request().path();
        java.util.Set<String> allowed = new java.util.TreeSet<>();
        for (io.vertx.ext.web.Route route : router.getRoutes()) {
            String template = route.getPath();
            if (template == null || route.methods() == null || route.methods().isEmpty()) continue;
            if (path.matches(template.replaceAll(":[A-Za-z]+", "[^/]+"))) {
                route.methods().forEach(m -> allowed.add(m.name()));
            }
        }
        if (allowed.isEmpty()) {
            sendError(ctx, ApiError.NOT_FOUND, "no such resource: " + path);
        } else {
            ctx.response().putHeader("allow", String.join(", ", allowed));
            sendError(ctx, ApiError.METHOD_NOT_ALLOWED, ctx.request().method() + " is not allowed on " + path);
        }
    }

    static void sendError(RoutingContext ctx, ApiError error, String message) {
        sendJson(ctx, error.status(), RestJson.error(error, message));
    }

    static void sendJson(RoutingContext ctx, int status, JsonNode body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(Json.write(body));
    }
}
