package io.patchbay.signaling.limits;

import io.patchbay.signaling.rest.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open HTTP connections (WebSockets included) per remote address, bounded by
 * {@link SignalingLimits#connectionsPerIp()}. A connection over the limit is answered, on its first request (a
 * WebSocket upgrade included), with 429 {@code too-many-connections} and then closed; one that sends no request is
 * closed after {@link #REFUSED_GRACE_MS}. Install as the server's connection handler and wrap its request handler
 * with {@link #guard}; a WebSocket's owner {@link #release}s its connection when the socket closes. Runs on the HTTP server's event loop; the maps are concurrent so more loops would do too.
 */
public final class ConnectionsPerIp implements Handler<HttpConnection> {
    /** How long a refused connection may stay open waiting for the request to answer with 429. */
    static final long REFUSED_GRACE_MS = 5_000;

    private final int limit;
    private final Vertx vertx;
    /** Open connections per address, and the address of each open connection (until it is released). */
    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    private final Map<HttpConnection, String> addresses = new ConcurrentHashMap<>();
    private final Set<HttpConnection> refused = ConcurrentHashMap.newKeySet();
    private final AtomicLong refusedCount = new AtomicLong();

    public ConnectionsPerIp(Vertx vertx, int limit) {
        this.vertx = vertx;
        this.limit = limit;
    }

    @Override
    public void handle(HttpConnection connection) {
        String ip = addressOf(connection.remoteAddress());
        addresses.put(connection, ip);
        int count = open.merge(ip, 1, Integer::sum);
        connection.closeHandler(v -> release(connection));
        if (count > limit) {
            refused.add(connection);
            refusedCount.incrementAndGet();
            vertx.setTimer(REFUSED_GRACE_MS, id -> {
                if (refused.contains(connection)) connection.close();
            });
        }
    }

    /** {@code next}, except on a refused connection: 429 with a JSON error body, then the connection closes. */
    public Handler<HttpServerRequest> guard(Handler<HttpServerRequest> next) {
        return request -> {
            HttpConnection connection = request.connection();
            if (!refused.contains(connection)) {
                next.handle(request);
                return;
            }
            request.response().setStatusCode(ApiError.TOO_MANY_CONNECTIONS.status())
                    .putHeader("content-type", "application/json")
                    .putHeader("connection", "close")
                    .end(ApiError.TOO_MANY_CONNECTIONS.body("more than " + limit
                            + " open connections from your address (limits.connections-per-ip)"))
                    .onComplete(ar -> connection.close());
        };
    }

    /**
     * Frees the place of a closed connection; a second call for the same connection does nothing. Vert.x calls the
     * HTTP connection's close handler only while it is HTTP: the owner of a WebSocket upgraded from it must call this
     * when the socket closes, however it ends.
     */
    public void release(HttpConnection connection) {
        refused.remove(connection);
        String ip = addresses.remove(connection);
        if (ip != null) open.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Connections refused so far (any thread). */
    public long refused() {
        return refusedCount.get();
    }

    private static String addressOf(SocketAddress address) {
        if (address == null) return "";
        return address.hostAddress() != null ? address.hostAddress() : String.valueOf(address.host());
    }
}
