package io.patchbay.signaling;

import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.media.MediaEngine;
import io.patchbay.media.SendPath;
import io.patchbay.media.MediaSettings;
import io.patchbay.signaling.metrics.PatchbayMetrics;
import io.patchbay.signaling.auth.AccessControl;
import io.patchbay.signaling.cluster.ClusterNode;
import io.patchbay.signaling.cluster.ClusterSettings;
import io.patchbay.signaling.cluster.HazelcastSetup;
import io.patchbay.signaling.cluster.LocalNode;
import io.patchbay.signaling.rest.ClusterRoutes;
import io.patchbay.signaling.room.RoomEvents;
import io.patchbay.signaling.ws.JoinRouter;
import io.patchbay.signaling.ws.LocalJoinRouter;
import io.vertx.core.Future;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.patchbay.signaling.health.Drain;
import io.patchbay.signaling.health.HealthRoutes;
import io.patchbay.signaling.health.MediaPortWatch;
import io.patchbay.signaling.health.Readiness;
import io.patchbay.signaling.limits.ConnectionsPerIp;
import io.patchbay.signaling.limits.SignalingLimits;
import io.patchbay.signaling.rest.RestApi;
import io.patchbay.signaling.room.RoomRegistry;
import io.patchbay.signaling.room.SessionTimeouts;
import io.patchbay.signaling.tls.ServerTls;
import io.patchbay.signaling.webhook.WebhookDispatcher;
import io.patchbay.signaling.ws.SignalingSession;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The running server: media engine, Vert.x HTTP (demo page, {@code /ws}, {@code /health}, {@code /metrics},
 * the REST API under {@code /api/v1}).
 * All signaling runs on one Vert.x event loop, so room state needs no locks; media runs on its own threads.
 */
public final class PatchbayServer implements AutoCloseable {
    /** Largest signaling message accepted (an SDP with many m-sections fits easily). */
    private static final int MAX_WEBSOCKET_MESSAGE_BYTES = 256 * 1024;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("patchbay");

    private final Vertx vertx;
    private final MediaEngine media;
    private final HttpServer http;
    private final PatchbayMetrics metrics;
    private final WebhookDispatcher webhooks;
    /** TLS on the HTTP port, or null. */
    private final ServerTls tls;
    private final MediaPortWatch mediaWatch;
    private final Drain drain;
    private final RoomRegistry rooms;
    /** This node's part in a cluster, or null when alone. */
    private final ClusterNode cluster;
    /** How long a drain waits for participants to leave (PATCHBAY_DRAIN_TIMEOUT_SECONDS). */
    private volatile java.time.Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
    public static final java.time.Duration DEFAULT_DRAIN_TIMEOUT = java.time.Duration.ofSeconds(60);
    /** Run once a drain started by {@code POST /api/v1/admin/drain} is over (the command line exits). */
    private volatile Runnable onAdminDrained = () -> { };

    private PatchbayServer(Vertx vertx, MediaEngine media, HttpServer http, PatchbayMetrics metrics,
                           WebhookDispatcher webhooks, ServerTls tls, MediaPortWatch mediaWatch, Drain drain,
                           RoomRegistry rooms, ClusterNode cluster) {
        this.cluster = cluster;
        this.rooms = rooms;
        this.mediaWatch = mediaWatch;
        this.drain = drain;
        this.tls = tls;
        this.webhooks = webhooks;
        this.vertx = vertx;
        this.media = media;
        this.http = http;
        this.metrics = metrics;
    }

    /** Starts everything and returns once the HTTP server listens. */
    public static PatchbayServer start(PatchbayConfig config) throws IOException {
        return start(config, SessionTimeouts.DEFAULTS);
    }

    /** As {@link #start(PatchbayConfig)} with other session timeouts (tests use short ones). */
    public static PatchbayServer start(PatchbayConfig config, SessionTimeouts timeouts) throws IOException {
        return start(config, timeouts, SignalingLimits.DEFAULTS);
    }

    /** As {@link #start(PatchbayConfig, SessionTimeouts)} with other limits on what clients may hold. */
    public static PatchbayServer start(PatchbayConfig config, SessionTimeouts timeouts, SignalingLimits limits)
            throws IOException {
        return start(config, timeouts, limits, null);
    }

    /** As above; with {@code cluster} enabled the node joins a cluster first (docs/operations.md, "Cluster"). */
    public static PatchbayServer start(PatchbayConfig config, SessionTimeouts timeouts, SignalingLimits limits,
                                       ClusterSettings cluster) throws IOException {
        // Before anything starts: a bad certificate file is a start-up error that names the file.
        ServerTls tls = config.tls() == null ? null : ServerTls.create(config);
        MediaEngine media = MediaEngine.start(new MediaSettings(
                config.mediaPort(), config.bindAddresses(), config.publicAddress(), config.advertiseBoundAddresses(),
                config.useClientCandidates(),
                config.mediaThreads(), config.mediaBatchedSends() ? SendPath.BATCHED : SendPath.SINGLE,
                config.mediaSpreadFromSubscribers()), limits.media());
        VertxOptions vertxOptions = new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4);
        Vertx vertx;
        HazelcastClusterManager clusterManager = null;
        if (cluster != null && cluster.enabled()) {
            try {
                HazelcastSetup.Clustered clustered = HazelcastSetup.startClustered(vertxOptions, cluster, 60);
                vertx = clustered.vertx();
                clusterManager = clustered.manager();
            } catch (Exception e) {
                media.close();
                throw new IOException("cannot join the cluster (members " + cluster.members() + ", this node "
                        + cluster.host() + ":" + cluster.port() + "): " + rootMessage(e), e);
            }
        } else {
            vertx = Vertx.vertx(vertxOptions);
        }
        WebhookDispatcher webhooks = null;
        ClusterNode clusterNode = null;
        MediaPortWatch mediaWatch = null;
        try {
            Context context = vertx.getOrCreateContext();
            RoomRegistry rooms = new RoomRegistry(media, config.iceServers(), config.turn(), context,
                    java.time.Clock.systemUTC(), timeouts, limits);
            PatchbayMetrics metrics = new PatchbayMetrics(media.stats(), media.pool(), rooms);
            metrics.dtls(media.dtlsExecutor());
            ConnectionsPerIp connections = new ConnectionsPerIp(vertx, limits.connectionsPerIp());
            metrics.connections(connections);
            RoomEvents events = RoomEvents.NONE;
            if (config.webhooks() != null) {
                webhooks = new WebhookDispatcher(config.webhooks());
                events = webhooks;
                metrics.webhooks(webhooks);
                LOG.info("webhooks: " + config.webhooks().urls().stream().map(PatchbayServer::withoutSecrets).toList());
            }
            Router router = Router.router(vertx);
            router.get("/health").handler(ctx -> ctx.response()
                    .putHeader("content-type", "application/json")
                    .end("{\"status\":\"ok\",\"version\":\"" + BuildInfo.version() + "\"}"));
            Readiness readiness = new Readiness();
            metrics.health(readiness);
            mediaWatch = new MediaPortWatch(media, readiness);
            mediaWatch.start();
            Drain drain = new Drain(rooms, readiness, context);
            HealthRoutes.mount(router, readiness);
            AccessControl access = AccessControl.create(vertx, config.apiKeys());
            // Known once the HTTP server listens (port 0 in tests); other nodes call it for the rooms this one owns.
            java.util.concurrent.atomic.AtomicReference<String> httpUrl = new java.util.concurrent.atomic.AtomicReference<>();
            String mediaAddress = (config.publicAddress() != null ? config.publicAddress()
                    : media.boundAddresses().get(0)) + ":" + media.port();
            java.util.function.Function<String, LocalNode> localNode = id -> new LocalNode(id, httpUrl::get,
                    mediaAddress, rooms::participantCount, limits.participants(), rooms::roomCount,
                    () -> media.stats().packetsForwarded(), media::workerCpuTimeNanos, drain::started);
            JoinRouter joins = new LocalJoinRouter(rooms);
            if (clusterManager != null) {
                clusterNode = ClusterNode.start(clusterManager, context, rooms, metrics, localNode,
                        media.openRelayPort(cluster.host(), cluster.relayPort()), cluster.media());
                metrics.cluster(clusterNode);
                joins = clusterNode.joins();
                RoomEvents webhookEvents = events;
                RoomEvents placementEvents = clusterNode.roomEvents();
                events = e -> {
                    placementEvents.emit(e);
                    webhookEvents.emit(e);
                };
                ClusterNode node = clusterNode;
                ClusterRoutes.mountNodes(router, access, node.nodes().selfId(), () -> node.nodes().nodes());
                ClusterRoutes.mount(router, node.nodes(), node.placement(), rooms, access,
                        vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
                                // The cluster's network is trusted (docs/operations.md): nodes' own certificates.
                                .setTrustAll(true).setVerifyHost(false)));
            } else {
                LocalNode alone = localNode.apply("local");
                ClusterRoutes.mountNodes(router, access, "local", () -> Future.succeededFuture(List.of(alone.get())));
            }
            rooms.setEvents(events);
            // With access control on, the metrics (room counts, error rates) need the admin token too: Prometheus
            // sends it with `authorization: {credentials: <admin token>}` in its scrape config.
            router.get("/metrics").handler(ctx -> {
                if (!access.enabled()) {
                    sendMetrics(ctx, metrics);
                    return;
                }
                access.verifyAdmin(ctx.request().getHeader("authorization")).onComplete(ar -> {
                    if (ar.succeeded()) {
                        sendMetrics(ctx, metrics);
                    } else {
                        ctx.response().setStatusCode(401).putHeader("www-authenticate", "Bearer")
                                .end("metrics need 'Authorization: Bearer <admin token>'\n");
                    }
                });
            });
            if (!access.enabled()) {
                LOG.warning("ACCESS CONTROL IS OFF: no API key configured (patchbay.api.keys or PATCHBAY_API_KEY/"
                        + "PATCHBAY_API_SECRET), so anyone can join any room and use the REST API");
            }
            JoinRouter routedJoins = joins;
            PatchbayServer[] self = new PatchbayServer[1];
            RestApi.mount(router, rooms, access, () -> self[0].drainForAdmin());
            router.route("/ws").handler(ctx -> {
                io.vertx.core.http.HttpConnection connection = ctx.request().connection();
                ctx.request().toWebSocket()
                        .onSuccess(ws -> new SignalingSession(ws, rooms, routedJoins, metrics, access,
                                () -> connections.release(connection)))
                        .onFailure(e -> {
                            if (!ctx.response().ended()) ctx.response().setStatusCode(400).end("WebSocket upgrade required");
                        });
            });
            router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
            HttpServerOptions options = new HttpServerOptions()
                    .setHost(config.httpHost())
                    .setPort(config.httpPort())
                    .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE_BYTES)
                    .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE_BYTES)
                    // No WebSocket compression: the size limits apply after inflating, so one ~200 KB deflated frame
                    // could make the server allocate 200 MB (a decompression bomb, no token needed). Signaling
                    // messages are small; nothing is lost.
                    .setPerMessageWebSocketCompressionSupported(false)
                    .setPerFrameWebSocketCompressionSupported(false)
                    .setDecompressionSupported(false)
                    // A socket the server closes (rate limit, not reading, join deadline) loses its TCP connection
                    // 2 s after the close frame, whether or not the client answers it: a client that never reads
                    // would otherwise keep the connection, and the server decoding its frames, for 10 s.
                    .setWebSocketClosingTimeout(2);
            if (tls != null) tls.apply(options);
            // One event loop: every WebSocket handler and every media callback hop run on the same thread.
            HttpServer http = vertx.createHttpServer(options).connectionHandler(connections)
                    .requestHandler(connections.guard(router)).listen()
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            String scheme = tls != null ? "https" : "http";
            httpUrl.set(cluster != null && cluster.httpUrl() != null ? cluster.httpUrl()
                    : scheme + "://" + (cluster != null && cluster.enabled() ? cluster.host() : "127.0.0.1") + ":"
                    + http.actualPort());
            if (clusterNode != null) {
                ClusterNode node = clusterNode;
                context.runOnContext(v -> node.nodes().publish());
            }
            PatchbayServer server = new PatchbayServer(vertx, media, http, metrics, webhooks, tls, mediaWatch, drain,
                    rooms, clusterNode);
            self[0] = server;
            String selfSigned = tls == null ? null : tls.selfSignedLine(http.actualPort());
            if (selfSigned != null) LOG.info(selfSigned);
            return server;
        } catch (Exception e) {
            if (clusterNode != null) clusterNode.close();
            if (mediaWatch != null) mediaWatch.close();
            if (webhooks != null) webhooks.close();
            vertx.close();
            media.close();
            throw new IOException("cannot start the HTTP server on " + config.httpHost() + ":" + config.httpPort()
                    + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e.getMessage();
    }

    public int httpPort() {
        return http.actualPort();
    }

    /** Whether the HTTP port serves HTTPS and WSS. */
    public boolean tlsEnabled() {
        return tls != null;
    }

    public int mediaPort() {
        return media.port();
    }

    public List<String> mediaAddresses() {
        return media.boundAddresses();
    }

    public MediaEngine media() {
        return media;
    }

    /** Participants on this server now (all rooms). */
    public int participantCount() {
        return rooms.participantCount();
    }

    /** How long a drain waits for participants to leave before the server closes anyway. */
    public void setDrainTimeout(java.time.Duration timeout) {
        drainTimeout = timeout;
    }

    /** What to do once a drain started through the REST API is over (the command line: exit, which closes). */
    public void onAdminDrained(Runnable action) {
        onAdminDrained = action;
    }

    /**
     * Starts draining (readiness 503, no new joins, participants told to move); the future completes when nobody is
     * left (true) or the drain timeout passed (false). Idempotent.
     */
    public java.util.concurrent.CompletableFuture<Boolean> drain(String why) {
        if (cluster != null && !drain.started()) vertx.runOnContext(v -> cluster.handOverRooms());
        return drain.start(drainTimeout, why);
    }

    private void drainForAdmin() {
        boolean first = !drain.started();
        java.util.concurrent.CompletableFuture<Boolean> done = drain("POST /api/v1/admin/drain");
        if (first) done.whenComplete((empty, e) -> onAdminDrained.run());
    }

    /**
     * SIGTERM: drain, wait for the participants to leave (at most the drain timeout), deliver the webhooks queued
     * meanwhile (at most 10 s more), then close. Blocks the calling thread (the JVM's shutdown hook).
     */
    public void drainAndClose() {
        try {
            drain("SIGTERM").get(drainTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warning("drain did not finish: " + e);
        }
        if (webhooks != null) {
            try {
                if (!webhooks.flush(java.time.Duration.ofSeconds(10))) LOG.warning("webhooks still queued at exit");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    /** This node's id in its cluster, or empty when alone. */
    public java.util.Optional<String> clusterNodeId() {
        return cluster == null ? java.util.Optional.empty() : java.util.Optional.of(cluster.nodes().selfId());
    }

    @Override
    public void close() {
        if (cluster != null) cluster.close();
        mediaWatch.close();
        try {
            http.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // shutting down anyway
        }
        try {
            // A clustered node leaves Hazelcast here: the others see it go at once instead of after its heartbeat
            // timeout.
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warning("Vert.x did not close within 10 s: " + rootMessage(e));
        }
        if (webhooks != null) webhooks.close();
        metrics.close();
        media.close();
    }

    private static void sendMetrics(io.vertx.ext.web.RoutingContext ctx, PatchbayMetrics metrics) {
        ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
    }

    /** A URL for the log: scheme, host, port and path only (user info and query may hold credentials). */
    static String withoutSecrets(String url) {
        try {
            java.net.URI u = java.net.URI.create(url);
            return new java.net.URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return "<unparseable URL>";
        }
    }
}
