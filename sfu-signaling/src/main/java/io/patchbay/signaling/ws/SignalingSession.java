package io.patchbay.signaling.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.core.room.RoomId;
import io.patchbay.signaling.metrics.PatchbayMetrics;
import io.patchbay.signaling.room.MessageSink;
import io.patchbay.signaling.room.RoomRegistry;
import io.patchbay.signaling.auth.AccessControl;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client's WebSocket: parses each JSON message, checks it, and calls the room. Every client error becomes an
 * {@code error} message with a stable code; the session stays usable. The server pings every few seconds and closes
 * a socket that stays silent; a socket that closes without {@code leave} or a normal close code is lost, and the
 * participant may resume on a new socket (docs/protocol.md, Session lifecycle). Runs on the signaling event loop.
 */
public final class SignalingSession implements MessageSink {
    private static final Logger LOG = Logger.getLogger(SignalingSession.class.getName());
    static final int MAX_SDP_LENGTH = 64 * 1024;
    static final int MAX_NAME_LENGTH = 64;
    /** Bytes the server queues toward a client that does not read; beyond that the socket is cut (1008). */
    static final int MAX_WRITE_QUEUE_BYTES = 1024 * 1024;
    /** RFC 6455 section 7.4.1: policy violation (flooding, not reading, no join in time). */
    private static final short CLOSE_POLICY_VIOLATION = 1008;
    /** Application close code: the socket stayed silent past the idle limit (docs/protocol.md, Session lifecycle). */
    private static final short CLOSE_SILENT = 4001;

    private final ServerWebSocket socket;
    private final RoomRegistry rooms;
    private final PatchbayMetrics metrics;
    private final AccessControl access;
    private final Runnable onSocketClosed;
    private final Context context;
    private final JoinRouter joins;
    private ParticipantChannel participant;
    private boolean closed;
    /** A join token is being verified or the join routed: messages that arrive meanwhile wait here, in order. */
    private boolean pending;
    private final ArrayDeque<String> queued = new ArrayDeque<>();
    /** Keepalive: when anything (a message or a pong) last arrived, and the timer that pings and checks it. */
    private long lastHeardNanos = System.nanoTime();
    private long keepaliveTimer = -1;
    /** Our own close (leave, takeover, idle): the close handler must not treat it as a lost socket. */
    private boolean closedByServer;
    private final MessageRateLimiter rateLimiter = MessageRateLimiter.forNewSocket(System.nanoTime());
    private long joinDeadlineTimer = -1;

    public SignalingSession(ServerWebSocket socket, RoomRegistry rooms, PatchbayMetrics metrics) {
        this(socket, rooms, metrics, null);
    }

    /** With {@code access} enabled, {@code join} needs a valid token for its room. Create on the event loop. */
    public SignalingSession(ServerWebSocket socket, RoomRegistry rooms, PatchbayMetrics metrics, AccessControl access) {
        this(socket, rooms, metrics, access, () -> { });
    }

    /** As above; {@code onSocketClosed} runs once the socket has closed, however it ended. */
    public SignalingSession(ServerWebSocket socket, RoomRegistry rooms, PatchbayMetrics metrics, AccessControl access,
                            Runnable onSocketClosed) {
        this(socket, rooms, new LocalJoinRouter(rooms), metrics, access, onSocketClosed);
    }

    /** As above, with joins taken to their room by {@code joins} (a cluster's router). */
    public SignalingSession(ServerWebSocket socket, RoomRegistry rooms, JoinRouter joins, PatchbayMetrics metrics,
                            AccessControl access, Runnable onSocketClosed) {
        this.joins = joins;
        this.onSocketClosed = onSocketClosed;
        this.access = access;
        this.context = Vertx.currentContext();
        this.socket = socket;
        this.rooms = rooms;
        this.metrics = metrics;
        socket.textMessageHandler(this::onText);
        socket.binaryMessageHandler(b -> sendError(ErrorCode.BAD_JSON.wire(), "messages are JSON text frames"));
        socket.closeHandler(v -> onClosed());
        socket.exceptionHandler(e -> LOG.log(Level.FINE, "websocket error", e));
        socket.pongHandler(b -> lastHeardNanos = System.nanoTime());
        socket.setWriteQueueMaxSize(MAX_WRITE_QUEUE_BYTES);
        if (context != null) {
            long intervalMs = rooms.timeouts().pingInterval().toMillis();
            keepaliveTimer = context.owner().setPeriodic(intervalMs, id -> onEventLoop(this::keepalive));
            joinDeadlineTimer = context.owner().setTimer(rooms.timeouts().joinDeadline().toMillis(),
                    id -> onEventLoop(this::checkJoined));
        }
    }

    /** A socket must join (or resume) soon after it opens: idle unauthenticated sockets cost memory. */
    private void checkJoined() {
        if (closed || participant != null) return;
        sendError(ErrorCode.JOIN_TIMEOUT.wire(), "no successful 'join' within "
                + rooms.timeouts().joinDeadline().toSeconds() + " s of connecting");
        cut(CLOSE_POLICY_VIOLATION, "join timeout");
    }

    /** Closes the socket on the server's initiative; a joined participant is kept as a lost socket (it may resume). */
    private void cut(short code, String reason) {
        if (closed) return;
        socketLost();
        closed = true;
        closedByServer = true;
        // Read nothing more: a flooding client's frames would otherwise still be decoded until the TCP connection
        // closes (the closing timeout, when the client does not answer the close frame).
        socket.pause();
        socket.close(code, reason);
    }

    /** Pings, or closes a socket that has been silent for too long (it then counts as lost, not left). */
    private void keepalive() {
        if (closed) return;
        long silentMs = (System.nanoTime() - lastHeardNanos) / 1_000_000;
        if (silentMs > rooms.timeouts().socketIdle().toMillis()) {
            LOG.fine(() -> "closing a WebSocket silent for " + silentMs + " ms");
            cut(CLOSE_SILENT, "no pong");
            return;
        }
        socket.writePing(io.vertx.core.buffer.Buffer.buffer("pb"));
    }

    private void onText(String text) {
        if (closed) return;
        lastHeardNanos = System.nanoTime();
        switch (rateLimiter.onMessage(lastHeardNanos)) {
            case ACCEPT -> { }
            case REFUSE_WITH_ERROR -> {
                sendError(ErrorCode.RATE_LIMITED.wire(), "more than " + (int) MessageRateLimiter.MESSAGES_PER_SECOND
                        + " messages per second: this one was dropped");
                return;
            }
            case REFUSE -> {
                return;
            }
            case DISCONNECT -> {
                LOG.fine("closing a WebSocket that kept flooding");
                cut(CLOSE_POLICY_VIOLATION, "rate limited");
                return;
            }
        }
        if (pending) {
            if (queued.size() >= 64) {
                sendError(ErrorCode.BAD_MESSAGE.wire(), "too many messages before 'joined'");
                return;
            }
            queued.add(text);
            return;
        }
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            sendError(ErrorCode.BAD_JSON.wire(), "message is not valid JSON");
            return;
        }
        if (message == null || !message.isObject()) {
            sendError(ErrorCode.BAD_JSON.wire(), "message must be a JSON object");
            return;
        }
        String type = message.path("type").asText("");
        try {
            dispatch(type, message);
        } catch (SignalingException e) {
            sendError(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "failed to handle '" + type + "'", e);
            sendError(ErrorCode.INTERNAL.wire(), "the server failed to handle this message");
        }
    }

    private void dispatch(String type, JsonNode m) throws SignalingException {
        switch (type) {
            case "join" -> {
                rateLimiter.joinReceived();
                join(m);
            }
            case "leave" -> {
                leave();
                close("left");
            }
            case "" -> throw new SignalingException(ErrorCode.BAD_MESSAGE, "message has no 'type'");
            default -> {
                if (!ClientCommands.TYPES.contains(type)) {
                    throw new SignalingException(ErrorCode.UNKNOWN_TYPE, "unknown message type");
                }
                requireJoined();
                participant.handle(type, m);
                // It answered our offer: the server, not the client, set that pace.
                if (type.equals("answer")) rateLimiter.refund();
            }
        }
    }

    private void join(JsonNode m) throws SignalingException {
        if (participant != null) throw new SignalingException(ErrorCode.ALREADY_JOINED, "this connection already joined a room");
        String room = Json.requireText(m, "room", 256);
        if (!RoomId.isValid(room)) {
            throw new SignalingException(ErrorCode.INVALID_ROOM, "room names are 1-64 characters of A-Z a-z 0-9 _ -");
        }
        String name = Json.optionalText(m, "name", MAX_NAME_LENGTH);
        if (name == null || name.isBlank()) name = "guest";
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new SignalingException(ErrorCode.INVALID_NAME, "names may not contain control characters");
            }
        }
        String reconnectToken = Json.optionalText(m, "reconnectToken", io.patchbay.core.room.ReconnectToken.MAX_LENGTH);
        boolean autoSubscribe = SubscriptionRequests.autoSubscribe(m);
        if (access == null || !access.enabled()) {
            route(new JoinRequest(new RoomId(room), name.strip(), true, true, null, autoSubscribe, reconnectToken));
            return;
        }
        String token = Json.optionalText(m, "token", 8192);
        String fallbackName = name.strip();
        pending = true;
        access.verifyJoin(token, room).onComplete(ar -> onEventLoop(() -> {
            pending = false;
            if (closed) return;
            if (ar.failed()) {
                sendError(ErrorCode.UNAUTHORIZED.wire(), ar.cause() instanceof AccessControl.Rejected
                        ? ar.cause().getMessage() : "invalid token");
                queued.clear();
                close("unauthorized");
                return;
            }
            AccessControl.JoinGrant grant = ar.result();
            String tokenName = grant.name() == null ? null : grant.name().strip();
            if (tokenName != null && (tokenName.isEmpty() || tokenName.length() > MAX_NAME_LENGTH
                    || tokenName.chars().anyMatch(Character::isISOControl))) {
                tokenName = null;
            }
            route(new JoinRequest(new RoomId(room), tokenName != null ? tokenName : fallbackName, grant.canPublish(),
                    grant.canSubscribe(), grant.identity(), autoSubscribe, reconnectToken));
        }));
    }

    /**
     * Takes the checked join to its room (here, or the owner's node in a cluster); messages that arrive meanwhile
     * wait and are handled in order once it is answered.
     */
    private void route(JoinRequest request) {
        pending = true;
        joins.join(request, this).onComplete(ar -> onEventLoop(() -> {
            pending = false;
            if (ar.succeeded()) {
                participant = ar.result();
                // The socket closed while the room's node answered: the participant is kept for the resume window.
                if (closed) participant.socketLost();
            } else if (!closed) {
                Throwable e = ar.cause();
                if (e instanceof SignalingException se) {
                    sendError(se.code(), se.getMessage());
                } else {
                    LOG.log(Level.WARNING, "failed to handle 'join'", e);
                    sendError(ErrorCode.INTERNAL.wire(), "the server failed to handle this message");
                }
            }
            while (!queued.isEmpty() && !pending && !closed) onText(queued.poll());
        }));
    }

    private void onEventLoop(Runnable r) {
        if (context == null || Vertx.currentContext() == context) r.run();
        else context.runOnContext(v -> r.run());
    }

    private void requireJoined() throws SignalingException {
        if (participant == null) throw new SignalingException(ErrorCode.NOT_JOINED, "send 'join' first");
    }

    private void leave() {
        if (participant != null) participant.leave();
    }

    private void socketLost() {
        if (participant != null) participant.socketLost();
    }

    /**
     * A normal close (1000, or 1001 when a page goes away) is a leave; anything else (no close frame: the network
     * or the process died) keeps the participant for the resume window.
     */
    private void onClosed() {
        onSocketClosed.run();
        if (context != null && keepaliveTimer >= 0) context.owner().cancelTimer(keepaliveTimer);
        if (context != null && joinDeadlineTimer >= 0) context.owner().cancelTimer(joinDeadlineTimer);
        if (!closedByServer && !closed) {
            Short code = socket.closeStatusCode();
            if (code != null && (code == 1000 || code == 1001)) leave();
            else socketLost();
        }
        closed = true;
    }

    private void sendError(String code, String message) {
        metrics.signalingError(code);
        // Replies cost more than the bad messages they answer: a client sending nothing but errors gets a few.
        if (!code.equals(ErrorCode.RATE_LIMITED.wire()) && !rateLimiter.allowErrorReply(System.nanoTime())) return;
        send(io.patchbay.signaling.room.Messages.error(code, message));
    }

    @Override
    public void send(ObjectNode message) {
        if (closed || socket.isClosed()) return;
        if (socket.writeQueueFull()) {
            // The client does not read what we send: cut it rather than queue without bound.
            LOG.fine("closing a WebSocket whose client does not read");
            metrics.signalingError("not-reading");
            cut(CLOSE_POLICY_VIOLATION, "not reading");
            return;
        }
        socket.writeTextMessage(Json.write(message));
    }

    @Override
    public void close(String reason) {
        if (closed) return;
        closed = true;
        closedByServer = true;
        socket.close((short) 1000, reason);
    }

    /** The participant resumed on another socket: this one closes without affecting it. */
    @Override
    public void detach(String reason) {
        participant = null;
        if (closed) return;
        closed = true;
        closedByServer = true;
        socket.close((short) 4000, reason);
    }
}
