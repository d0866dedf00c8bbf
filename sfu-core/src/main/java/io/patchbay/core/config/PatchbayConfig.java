package io.patchbay.core.config;

import java.util.List;
import java.util.Objects;

/**
 * Server configuration. Immutable; loaded once at start-up (see {@code patchbay.conf} in sfu-signaling for the
 * documented defaults and the {@code PATCHBAY_*} environment overrides).
 *
 * @param httpPort       HTTP/WebSocket port; 0 picks a free port
 * @param httpHost       address the HTTP server binds
 * @param mediaPort      the single UDP port shared by every peer; 0 picks a free port
 * @param bindAddresses  addresses the media port binds; empty means 127.0.0.1 plus every non-loopback IPv4 and IPv6 address
 * @param publicAddress  address advertised as an extra host candidate (NAT, Kubernetes), or null
 * @param advertiseBoundAddresses whether the bound addresses are advertised too; false advertises only the public
 *                       address (a server whose private addresses no client can reach, or a test relay)
 * @param useClientCandidates whether the server also checks the candidates clients trickle; false: it only answers
 *                       clients' checks and learns their addresses from them (as an ICE-lite server would), so all
 *                       traffic follows the path the client's checks took (a NAT or relay)
 * @param mediaThreads   number of media worker threads; 0 means one per available core
 * @param iceServers     STUN/TURN servers handed to clients in {@code joined}
 * @param turn           a TURN server with a shared secret, for which each participant gets its own time-limited
 *                       credentials in {@code joined}, or null
 * @param apiKeys        API keys signing access tokens (JWT HS256, {@code kid} = key); the first signs tokens the
 *                       server mints, all are accepted (rotation). Empty: access control is off
 * @param webhooks      webhook endpoints receiving room events, or null
 * @param tls           HTTPS and WSS on the HTTP port, or null for plain HTTP and WebSocket
 * @param mediaBatchedSends whether media threads send in batches (one {@code sendmmsg} per batch, on a socket each)
 *                       where Netty's native epoll library loads (the default); false: one system call per datagram
 * @param mediaSpreadFromSubscribers a room with this many subscribers has its further subscribers' SRTP and sends done
 *                       by every media thread, not only its own (0: never)
 */
public record PatchbayConfig(
        int httpPort,
        String httpHost,
        int mediaPort,
        List<String> bindAddresses,
        String publicAddress,
        boolean advertiseBoundAddresses,
        boolean useClientCandidates,
        int mediaThreads,
        List<IceServer> iceServers,
        TurnServer turn,
        List<ApiKey> apiKeys,
        Webhooks webhooks,
        Tls tls,
        boolean mediaBatchedSends,
        int mediaSpreadFromSubscribers) {

    /** Media threads spread a room's sends from this many subscribers on (the media plane's default). */
    public static final int DEFAULT_SPREAD_FROM_SUBSCRIBERS = 8;

    /** The constructor before the fan-out spread existed: the default spread. */
    public PatchbayConfig(int httpPort, String httpHost, int mediaPort, List<String> bindAddresses, String publicAddress,
            boolean advertiseBoundAddresses, boolean useClientCandidates, int mediaThreads, List<IceServer> iceServers,
            TurnServer turn, List<ApiKey> apiKeys, Webhooks webhooks, Tls tls, boolean mediaBatchedSends) {
        this(httpPort, httpHost, mediaPort, bindAddresses, publicAddress, advertiseBoundAddresses, useClientCandidates,
                mediaThreads, iceServers, turn, apiKeys, webhooks, tls, mediaBatchedSends,
                DEFAULT_SPREAD_FROM_SUBSCRIBERS);
    }

    /** The constructor before webhooks existed: no webhooks. */
    public PatchbayConfig(int httpPort, String httpHost, int mediaPort, List<String> bindAddresses, String publicAddress,
            boolean advertiseBoundAddresses, boolean useClientCandidates, int mediaThreads, List<IceServer> iceServers,
            TurnServer turn, List<ApiKey> apiKeys) {
        this(httpPort, httpHost, mediaPort, bindAddresses, publicAddress, advertiseBoundAddresses, useClientCandidates,
                mediaThreads, iceServers, turn, apiKeys, null);
    }

    /** The constructor before TLS existed: plain HTTP. */
    public PatchbayConfig(int httpPort, String httpHost, int mediaPort, List<String> bindAddresses, String publicAddress,
            boolean advertiseBoundAddresses, boolean useClientCandidates, int mediaThreads, List<IceServer> iceServers,
            TurnServer turn, List<ApiKey> apiKeys, Webhooks webhooks) {
        this(httpPort, httpHost, mediaPort, bindAddresses, publicAddress, advertiseBoundAddresses, useClientCandidates,
                mediaThreads, iceServers, turn, apiKeys, webhooks, null);
    }

    /** The constructor before the send path could be chosen: batched sends (the default). */
    public PatchbayConfig(int httpPort, String httpHost, int mediaPort, List<String> bindAddresses, String publicAddress,
            boolean advertiseBoundAddresses, boolean useClientCandidates, int mediaThreads, List<IceServer> iceServers,
            TurnServer turn, List<ApiKey> apiKeys, Webhooks webhooks, Tls tls) {
        this(httpPort, httpHost, mediaPort, bindAddresses, publicAddress, advertiseBoundAddresses, useClientCandidates,
                mediaThreads, iceServers, turn, apiKeys, webhooks, tls, true);
    }

    public PatchbayConfig {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        Objects.requireNonNull(httpHost, "httpHost");
        bindAddresses = List.copyOf(bindAddresses);
        iceServers = List.copyOf(iceServers);
        if (httpPort < 0 || httpPort > 65535) throw new IllegalArgumentException("http port out of range: " + httpPort);
        if (mediaPort < 0 || mediaPort > 65535) throw new IllegalArgumentException("media port out of range: " + mediaPort);
        if (mediaThreads < 0) throw new IllegalArgumentException("media threads must be >= 0");
        if (!advertiseBoundAddresses && (publicAddress == null || publicAddress.isBlank())) {
            throw new IllegalArgumentException("advertising no bound address needs a public address");
        }
    }

    /** The embedded defaults: HTTP 8080 on all interfaces, media on UDP 10000. */
    public static PatchbayConfig defaults() {
        return new PatchbayConfig(8080, "0.0.0.0", 10000, List.of(), null, true, true, 0, List.of(), null, List.of());
    }

    public PatchbayConfig withHttpPort(int port) {
        return new PatchbayConfig(port, httpHost, mediaPort, bindAddresses, publicAddress, advertiseBoundAddresses, useClientCandidates, mediaThreads, iceServers, turn, apiKeys, webhooks, tls, mediaBatchedSends, mediaSpreadFromSubscribers);
    }

    public PatchbayConfig withHttpHost(String host) {
        return new PatchbayConfig(httpPort, host, mediaPort, bindAddresses, publicAddress, advertiseBoundAddresses, useClientCandidates, mediaThreads, iceServers, turn, apiKeys, webhooks, tls, mediaBatchedSends, mediaSpreadFromSubscribers);
    }

    public PatchbayConfig withMediaPort(int port) {
        return new PatchbayConfig(httpPort, httpHost, port, bindAddresses, publicAddress, advertiseBoundAddresses, useClientCandidates, mediaThreads, iceServers, turn, apiKeys, webhooks, tls, mediaBatchedSends, mediaSpreadFromSubscribers);
    }

    public PatchbayConfig withBindAddresses(List<String> addresses) {
        return new PatchbayConfig(httpPort, httpHost, mediaPort, addresses, publicAddress, advertiseBoundAddresses, useClientCandidates, mediaThreads, iceServers, turn, apiKeys, webhooks, tls, mediaBatchedSends, mediaSpreadFromSubscribers);
    }

    public PatchbayConfig withPublicAddress(String address) {
        return new PatchbayConfig(httpPort, httpHost, mediaPort, bindAddresses, address, advertiseBoundAddresses, useClientCandidates, mediaThreads, iceServers, turn, apiKeys, webhooks, tls, mediaBatchedSends, mediaSpreadFromSubscribers);
    }

    public PatchbayConfig withAdvertiseBoundAddresses(boolean advertise) {
        return new PatchbayConfig(httpPort, httpHost, mediaPort, bindAddresses, publicAddress, advertise, useClientCandidates, mediaThreads, iceServers, turn, apiKeys, webhooks, tls, mediaBatchedSends, mediaSpreadFromSubscribers);
    }

    public PatchbayConfig withUseClientCandidates(boolean use) {
        return new PatchbayConfig(httpPort, httpHost, mediaPort, bindAddresses, publicAddress, advertiseBoundAddresses, use, mediaThreads, iceServers, turn, apiKeys, webhooks, tls, mediaBatchedSends, mediaSpreadFromSubscribers);
    }

    public PatchbayConfig withTurn(TurnServer server) {
        return new PatchbayConfig(httpPort, httpHost, mediaPort, bindAddresses, publicAddress, advertiseBoundAddresses,
                useClientCandidates, mediaThreads, iceServers, server, apiKeys, webhooks, tls, mediaBatchedSends, mediaSpreadFromSubscribers);
    }

    public PatchbayConfig withMediaThreads(int threads) {
        return new PatchbayConfig(httpPort, httpHost, mediaPort, bindAddresses, publicAddress, advertiseBoundAddresses, useClientCandidates, threads, iceServers, turn, apiKeys, webhooks, tls, mediaBatchedSends, mediaSpreadFromSubscribers);
    }

    public PatchbayConfig withIceServers(List<IceServer> servers) {
        return new PatchbayConfig(httpPort, httpHost, mediaPort, bindAddresses, publicAddress, advertiseBoundAddresses, useClientCandidates, mediaThreads, servers, turn, apiKeys, webhooks, tls, mediaBatchedSends, mediaSpreadFromSubscribers);
    }

    public PatchbayConfig withApiKeys(List<ApiKey> keys) {
        return new PatchbayConfig(httpPort, httpHost, mediaPort, bindAddresses, publicAddress, advertiseBoundAddresses,
                useClientCandidates, mediaThreads, iceServers, turn, keys, webhooks, tls, mediaBatchedSends, mediaSpreadFromSubscribers);
    }

    public PatchbayConfig withWebhooks(Webhooks hooks) {
        return new PatchbayConfig(httpPort, httpHost, mediaPort, bindAddresses, publicAddress, advertiseBoundAddresses,
                useClientCandidates, mediaThreads, iceServers, turn, apiKeys, hooks, tls, mediaBatchedSends, mediaSpreadFromSubscribers);
    }

    public PatchbayConfig withMediaBatchedSends(boolean batched) {
        return new PatchbayConfig(httpPort, httpHost, mediaPort, bindAddresses, publicAddress, advertiseBoundAddresses,
                useClientCandidates, mediaThreads, iceServers, turn, apiKeys, webhooks, tls, batched, mediaSpreadFromSubscribers);
    }

    public PatchbayConfig withMediaSpreadFromSubscribers(int subscribers) {
        return new PatchbayConfig(httpPort, httpHost, mediaPort, bindAddresses, publicAddress, advertiseBoundAddresses,
                useClientCandidates, mediaThreads, iceServers, turn, apiKeys, webhooks, tls, mediaBatchedSends,
                subscribers);
    }

    public PatchbayConfig withTls(Tls settings) {
        return new PatchbayConfig(httpPort, httpHost, mediaPort, bindAddresses, publicAddress, advertiseBoundAddresses,
                useClientCandidates, mediaThreads, iceServers, turn, apiKeys, webhooks, settings, mediaBatchedSends, mediaSpreadFromSubscribers);
    }

    /** Whether access tokens are required (at least one API key is configured). */
    public boolean authEnabled() {
        return !apiKeys.isEmpty();
    }

    /** An API key and its secret: the key is the JWT {@code kid}, the secret the HS256 key. */
    public record ApiKey(String key, String secret) {
        /** Shortest HS256 secret accepted. */
        public static final int MIN_SECRET_BYTES = 32;

        public ApiKey {
            if (key == null || key.isBlank()) throw new IllegalArgumentException("an API key needs a non-empty key");
            if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("API key " + key + " needs a secret");
            // RFC 7518 section 3.2: an HS256 key must be at least as long as the hash output (256 bits).
            if (secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("the secret of API key " + key + " must be at least "
                        + MIN_SECRET_BYTES + " bytes (e.g. openssl rand -hex 32)");
            }
        }

        @Override
        public String toString() {
            return "ApiKey[" + key + "]";
        }
    }

    /**
     * A TURN server using the shared-secret scheme of coturn's {@code use-auth-secret} (the "TURN REST API"
     * convention): credentials are {@code <expiry>:<identity>} and base64(HMAC-SHA1(secret, username)).
     */
    public record TurnServer(List<String> urls, String sharedSecret, long ttlSeconds) {
        public TurnServer {
            urls = List.copyOf(urls);
            if (urls.isEmpty()) throw new IllegalArgumentException("a TURN server needs urls");
            if (sharedSecret == null || sharedSecret.isEmpty()) throw new IllegalArgumentException("TURN needs a shared secret");
            if (ttlSeconds <= 0) throw new IllegalArgumentException("TURN credential lifetime must be positive");
        }
    }

    /**
     * Webhook endpoints: each URL receives every room event as a signed JSON POST
     * ({@code X-Patchbay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t." + body)>}).
     */
    public record Webhooks(List<String> urls, String secret) {
        public Webhooks {
            urls = List.copyOf(urls);
            if (urls.isEmpty()) throw new IllegalArgumentException("webhooks need at least one url");
            if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("webhooks need a secret");
        }

        @Override
        public String toString() {
            return "Webhooks" + urls;
        }
    }

    /** One entry of RTCIceServer as the browser expects it. */
    public record IceServer(List<String> urls, String username, String credential) {
        public IceServer {
            urls = List.copyOf(urls);
        }
    }

    /**
     * HTTPS and WSS on the HTTP port: a certificate chain and its private key from PEM files, or a self-signed
     * certificate made at start-up (development). Exactly one of the two.
     *
     * @param certFile   PEM certificate chain (leaf first), or null
     * @param keyFile    PEM private key of the leaf certificate, or null
     * @param selfSigned whether to generate a self-signed certificate instead of reading files
     */
    public record Tls(String certFile, String keyFile, boolean selfSigned) {
        public Tls {
            if (selfSigned && (certFile != null || keyFile != null)) {
                throw new IllegalArgumentException("a self-signed certificate and certificate files exclude each other");
            }
            if (!selfSigned && (certFile == null || keyFile == null)) {
                throw new IllegalArgumentException("a TLS certificate file and its key file go together");
            }
        }

        public static Tls files(String certFile, String keyFile) {
            return new Tls(certFile, keyFile, false);
        }

        public static Tls selfSignedCertificate() {
            return new Tls(null, null, true);
        }
    }
}
