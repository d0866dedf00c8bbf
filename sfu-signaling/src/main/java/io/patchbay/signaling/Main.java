package io.patchbay.signaling;

import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.config.ConfigLoader;
import java.io.File;
import java.io.IOException;
import java.util.logging.Logger;

/** {@code ./patchbay [--config FILE]}: starts the server with the embedded defaults or an operator's file. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Before anything touches java.util.logging: keep logging through the drain that follows SIGTERM.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
        }
        LogSetup.configure();
        ShutdownSafeLogManager.keepHandlers();
        File configFile = null;
        boolean tokenCommand = false;
        boolean admin = false;
        long ttlSeconds = 3600;
        java.util.Map<String, String> overrides = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "token" -> {
                    if (i != 0) fail("'token' must come first");
                    tokenCommand = true;
                }
                case "--admin" -> admin = true;
                case "--ttl" -> {
                    if (i + 1 >= args.length) fail("--ttl needs seconds");
                    try {
                        ttlSeconds = Long.parseLong(args[++i]);
                    } catch (NumberFormatException e) {
                        fail("--ttl needs seconds");
                    }
                    if (ttlSeconds <= 0) fail("--ttl must be positive");
                }
                case "-h", "--help" -> {
                    printHelp();
                    return;
                }
                case "--config" -> {
                    if (i + 1 >= args.length) fail("--config needs a file");
                    configFile = new File(args[++i]);
                }
                case "--tls-cert", "--tls-key" -> {
                    if (i + 1 >= args.length) fail(args[i] + " needs a PEM file");
                    overrides.put(ConfigLoader.TLS_PATH + (args[i].equals("--tls-cert") ? ".cert" : ".key"), args[++i]);
                }
                case "--tls-self-signed" -> overrides.put(ConfigLoader.TLS_PATH + ".self-signed", "true");
                default -> fail("unknown option " + args[i] + " (see --help)");
            }
        }
        PatchbayConfig config;
        io.patchbay.signaling.limits.SignalingLimits limits;
        java.time.Duration drainTimeout;
        io.patchbay.signaling.cluster.ClusterSettings cluster;
        try {
            config = ConfigLoader.load(configFile, overrides);
            limits = ConfigLoader.loadLimits(configFile);
            drainTimeout = ConfigLoader.loadDrainTimeout(configFile);
            cluster = ConfigLoader.loadCluster(configFile);
        } catch (ConfigLoader.ConfigError e) {
            fail(e.getMessage());
            return;
        }
        if (tokenCommand) {
            if (!admin) fail("usage: ./patchbay token --admin [--ttl SECONDS] [--config FILE] (join tokens: POST /api/v1/tokens)");
            if (config.apiKeys().isEmpty()) fail("no API key configured (set PATCHBAY_API_KEY and PATCHBAY_API_SECRET, or patchbay.api.keys)");
            io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
            try {
                System.out.println(io.patchbay.signaling.auth.AccessControl.mintAdmin(vertx, config.apiKeys().get(0), ttlSeconds));
            } finally {
                vertx.close();
            }
            return;
        }
        if (admin) fail("--admin belongs to the 'token' command (see --help)");
        try {
            PatchbayServer server = PatchbayServer.start(config, io.patchbay.signaling.room.SessionTimeouts.DEFAULTS,
                    limits, cluster);
            server.setDrainTimeout(drainTimeout);
            // SIGTERM (Kubernetes, systemd, Ctrl-C): drain first; the JVM waits for this hook.
            Runtime.getRuntime().addShutdownHook(new Thread(server::drainAndClose, "patchbay-shutdown"));
            // A drain asked for over REST ends the process too once it is over (the hook then closes).
            server.onAdminDrained(() -> new Thread(() -> System.exit(0), "patchbay-exit").start());
            Logger.getLogger("patchbay").info(String.format(
                    "Patchbay is up: open %s://localhost:%d/?room=demo in two browser tabs (media on UDP %d at %s)",
                    server.tlsEnabled() ? "https" : "http", server.httpPort(), server.mediaPort(), String.join(", ", server.mediaAddresses()))
                    + server.clusterNodeId().map(id -> "; cluster node " + id).orElse(""));
        } catch (IOException | RuntimeException e) {
            fail(e.getMessage());
        }
    }

    private static void printHelp() {
        System.out.println("""
                Usage: ./patchbay [--config FILE] [--tls-cert FILE --tls-key FILE | --tls-self-signed]
                       ./patchbay token --admin [--ttl SECONDS] [--config FILE]   print an admin JWT (default 3600 s)

                Patchbay SFU: WebRTC rooms over one UDP port.
                  --config FILE   HOCON/JSON file overriding the defaults (see sfu-signaling/src/main/resources/patchbay.conf)
                  --tls-cert FILE PEM certificate chain (leaf first): serve HTTPS and WSS on the HTTP port (no plain HTTP)
                  --tls-key FILE  PEM private key of that certificate (unencrypted; PKCS#8, EC or RSA)
                  --tls-self-signed  development: HTTPS/WSS with a certificate made at start (ECDSA P-256, 30 days, for
                                  localhost and this host's addresses; browsers warn); logs its SHA-256 fingerprint
                  -h, --help      this help

                Environment overrides (each beats the file):""");
        for (String v : ConfigLoader.environmentVariables()) System.out.println("  " + v);
        System.out.println("""

                Defaults: HTTP 8080 (demo page /, signaling /ws, /health, /metrics); media UDP 10000 on 127.0.0.1 and
                every non-loopback IPv4 and IPv6 address; no STUN/TURN servers; no TLS.""");
        io.patchbay.signaling.limits.SignalingLimits limits = io.patchbay.signaling.limits.SignalingLimits.DEFAULTS;
        System.out.printf("Limits (patchbay.limits): %d connections per client address, %d participants, %d tracks per"
                + " participant; per peer connection %d packets/s, %d bit/s, %d buffers; %d DTLS handshakes at once"
                + " (%d waiting).%n", limits.connectionsPerIp(), limits.participants(), limits.tracksPerParticipant(),
                limits.media().packetsPerSecond(), limits.media().bitsPerSecond(), limits.media().buffersPerTransport(),
                limits.media().dtlsHandshakeThreads(), limits.media().dtlsHandshakesQueued());
    }

    private static void fail(String message) {
        System.err.println("patchbay: " + message);
        System.exit(2);
    }
}
