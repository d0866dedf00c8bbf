package io.patchbay.signaling.rest;

/** Stable {@code error.code} values of the REST API with their HTTP status (docs/protocol.md, "REST API"). */
public enum ApiError {
    BAD_JSON("bad-json", 400),
    UNAUTHORIZED("unauthorized", 401),
    FORBIDDEN("forbidden", 403),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415),
    INVALID_FIELD("invalid-field", 400),
    INVALID_ROOM("invalid-room", 400),
    ROOM_EXISTS("room-exists", 409),
    ROOM_NOT_FOUND("room-not-found", 404),
    PARTICIPANT_NOT_FOUND("participant-not-found", 404),
    TRACK_NOT_FOUND("track-not-found", 404),
    NOT_FOUND("not-found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", 405),
    BODY_TOO_LARGE("body-too-large", 413),
    /** More open connections from the caller's address than limits.connections-per-ip (any path, /ws included). */
    TOO_MANY_CONNECTIONS("too-many-connections", 429),
    INTERNAL("internal", 500),
    /** Cluster: the node that owns the room did not answer (it may have just left; the room is placed again). */
    NODE_UNAVAILABLE("node-unavailable", 502),
    /** Cluster: no node can take a new room (all are full or draining). */
    NO_CAPACITY("no-capacity", 503);

    private final String wire;
    private final int status;

    ApiError(String wire, int status) {
        this.wire = wire;
        this.status = status;
    }

    public String wire() {
        return wire;
    }

    public int status() {
        return status;
    }

    /** The response body: {@code {"error": {"code", "message"}}}. */
    public String body(String message) {
        return io.patchbay.signaling.ws.Json.write(RestJson.error(this, message));
    }

    /** The error for an HTTP status Vert.x Web produced by itself (no route, wrong method, body limit). */
    static ApiError forStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> BODY_TOO_LARGE;
            case 400 -> BAD_JSON;
            default -> INTERNAL;
        };
    }
}
