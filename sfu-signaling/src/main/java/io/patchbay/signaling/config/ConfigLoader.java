package io.patchbay.signaling.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.core.config.PatchbayConfig.IceServer;
import io.patchbay.media.MediaLimits;
import io.patchbay.signaling.limits.SignalingLimits;
import io.patchbay.signaling.tls.PemCertificate;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loads {@link PatchbayConfig} from the embedded {@code patchbay.conf} (documented defaults), an optional operator file
 * and {@code PATCHBAY_*} environment variables (resolved inside the HOCON with {@code ${?VAR}}).
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** Thrown with a message fit for an operator. */
    public static final class ConfigError extends RuntimeException {
        public ConfigError(String message) {
            super(message);
        }
    }

    /** Where the TLS keys live under {@code patchbay} ({@code cert}, {@code key}, {@code self-signed}). */
    public static final String TLS_PATH = "http.tls";

    public static PatchbayConfig load(File operatorFile) {
        return load(operatorFile, java.util.Map.of());
    }

    /**
     * As {@link #load(File)} with command-line overrides that beat the file and the environment, keyed by path
     * under {@code patchbay} (e.g. {@code http.tls.cert}).
     */
    public static PatchbayConfig load(File operatorFile, java.util.Map<String, String> overrides) {
        try {
            Config config = resolve(operatorFile, overrides);
            return new PatchbayConfig(
                    config.getInt("http.port"),
                    config.getString("http.host"),
                    config.getInt("media.port"),
                    splitList(config.getString("media.bind-address")),
                    blankToNull(config.getString("media.public-address")),
                    config.getBoolean("media.advertise-bound-addresses"),
                    config.getBoolean("media.use-client-candidates"),
                    config.getInt("media.threads"),
                    parseIceServers(config.getString("ice-servers")),
                    turn(config),
                    apiKeys(config),
                    webhooks(config),
                    tls(config),
                    config.getBoolean("media.batched-sends"),
                    config.getInt("media.spread-from-subscribers"));
        } catch (ConfigException e) {
            throw new ConfigError("bad configuration: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigError("bad configuration: " + e.getMessage());
        }
    }

    /** {@code patchbay.limits} from the same sources as {@link #load}. */
    public static SignalingLimits loadLimits(File operatorFile) {
        try {
            Config config = resolve(operatorFile, java.util.Map.of()).getConfig("limits");
            return new SignalingLimits(config.getInt("connections-per-ip"), config.getInt("participants"),
                    config.getInt("tracks-per-participant"), new MediaLimits(config.getInt("media-packets-per-second"),
                    config.getLong("media-bits-per-second"), config.getInt("media-buffers-per-connection"),
                    config.getInt("dtls-handshakes"), config.getInt("dtls-handshakes-queued")), config.getInt("last-n"));
        } catch (ConfigException | IllegalArgumentException e) {
            throw new ConfigError("bad configuration: " + e.getMessage());
        }
    }

    /** {@code patchbay.cluster}; {@link io.patchbay.signaling.cluster.ClusterSettings#enabled()} false when alone. */
    public static io.patchbay.signaling.cluster.ClusterSettings loadCluster(File operatorFile) {
        try {
            Config c = resolve(operatorFile, java.util.Map.of()).getConfig("cluster");
            return new io.patchbay.signaling.cluster.ClusterSettings(splitList(c.getString("members")),
                    c.getString("host"), c.getInt("port"), c.getInt("bus-port"),
                    blankToNull(c.getString("kubernetes-service-dns")), blankToNull(c.getString("http-url")),
                    c.getInt("relay-port"),
                    io.patchbay.signaling.cluster.ClusterSettings.MediaPlacement.fromConfig(c.getString("media")),
                    blankToNull(c.getString("tls-cert")), blankToNull(c.getString("tls-key")));
        } catch (ConfigException | IllegalArgumentException e) {
            throw new ConfigError("bad configuration: " + e.getMessage());
        }
    }

    /** {@code drain.timeout-seconds}: how long a drain waits for participants to leave (1 s to 1 h). */
    public static java.time.Duration loadDrainTimeout(File operatorFile) {
        try {
            long seconds = resolve(operatorFile, java.util.Map.of()).getLong("drain.timeout-seconds");
            if (seconds < 1 || seconds > 3600) {
                throw new ConfigError("drain.timeout-seconds (PATCHBAY_DRAIN_TIMEOUT_SECONDS) must be 1 to 3600, not "
                        + seconds);
            }
            return java.time.Duration.ofSeconds(seconds);
        } catch (ConfigException e) {
            throw new ConfigError("bad configuration: " + e.getMessage());
        }
    }

    /**
     * The embedded defaults, under the operator's file, under the environment's {@code PATCHBAY_*}, under command-line
     * overrides: the {@code patchbay} block.
     */
    private static Config resolve(File operatorFile, java.util.Map<String, String> overrides) {
        Config defaults = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "patchbay.conf",
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config config = defaults;
        if (operatorFile != null) {
            if (!operatorFile.isFile()) throw new ConfigError("config file not found: " + operatorFile);
            config = ConfigFactory.parseFile(operatorFile).withFallback(defaults);
        }
        config = ConfigFactory.parseMap(prefixed(overrides), "command line").withFallback(config);
        return config.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true)).getConfig("patchbay");
    }

    private static java.util.Map<String, String> prefixed(java.util.Map<String, String> overrides) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        overrides.forEach((k, v) -> out.put("patchbay." + k, v));
        return out;
    }

    /** {@code patchbay.http.tls}: null (plain HTTP), PEM files (checked here, so a bad one stops start-up), or self-signed. */
    static PatchbayConfig.Tls tls(Config config) {
        Config tls = config.getConfig(TLS_PATH);
        String cert = blankToNull(tls.getString("cert"));
        String key = blankToNull(tls.getString("key"));
        if (tls.getBoolean("self-signed")) {
            if (cert != null || key != null) {
                throw new ConfigError("--tls-self-signed (PATCHBAY_TLS_SELF_SIGNED) and --tls-cert/--tls-key "
                        + "(PATCHBAY_TLS_CERT/PATCHBAY_TLS_KEY) exclude each other");
            }
            return PatchbayConfig.Tls.selfSignedCertificate();
        }
        if (cert == null && key == null) return null;
        if (cert == null || key == null) {
            throw new ConfigError("--tls-cert and --tls-key (PATCHBAY_TLS_CERT, PATCHBAY_TLS_KEY) go together; "
                    + (cert == null ? "no certificate file is set" : "no key file is set"));
        }
        try {
            PemCertificate.load(java.nio.file.Path.of(cert), java.nio.file.Path.of(key));
        } catch (java.io.IOException e) {
            throw new ConfigError(e.getMessage());
        }
        return PatchbayConfig.Tls.files(cert, key);
    }

    private static PatchbayConfig.TurnServer turn(Config config) {
        List<String> urls = splitList(config.getString("turn.urls"));
        String secret = config.getString("turn.shared-secret");
        if (urls.isEmpty() && secret.isBlank()) return null;
        if (urls.isEmpty() || secret.isBlank()) throw new ConfigError("turn.urls and turn.shared-secret go together");
        return new PatchbayConfig.TurnServer(urls, secret, config.getLong("turn.ttl-seconds"));
    }

    /** {@code patchbay.webhooks}: null when no URL is set; a secret is required with URLs. */
    static PatchbayConfig.Webhooks webhooks(Config config) {
        if (!config.hasPath("webhooks.urls")) return null;
        List<String> urls = splitList(config.getString("webhooks.urls"));
        String secret = config.hasPath("webhooks.secret") ? config.getString("webhooks.secret") : "";
        if (urls.isEmpty()) return null;
        if (secret.isEmpty()) throw new ConfigError("webhooks.urls needs webhooks.secret (PATCHBAY_WEBHOOK_SECRET)");
        for (String url : urls) {
            java.net.URI uri;
            try {
                uri = java.net.URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new ConfigError("webhook url is not a URL: " + url);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new ConfigError("webhook url must be http or https: " + url);
            }
        }
        return new PatchbayConfig.Webhooks(urls, secret);
    }

    /** {@code patchbay.api.keys} (a list of {key, secret}) plus PATCHBAY_API_KEY / PATCHBAY_API_SECRET when both are set. */
    static List<PatchbayConfig.ApiKey> apiKeys(Config config) {
        List<PatchbayConfig.ApiKey> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        if (config.hasPath("api.keys")) {
            for (Config entry : config.getConfigList("api.keys")) {
                if (!entry.hasPath("key") || !entry.hasPath("secret")) {
                    throw new ConfigError("every api.keys entry needs a key and a secret");
                }
                PatchbayConfig.ApiKey k = new PatchbayConfig.ApiKey(entry.getString("key").trim(), entry.getString("secret"));
                if (!seen.add(k.key())) throw new ConfigError("api.keys lists key " + k.key() + " twice");
                out.add(k);
            }
        }
        String envKey = config.hasPath("api.key") ? config.getString("api.key").trim() : "";
        String envSecret = config.hasPath("api.secret") ? config.getString("api.secret") : "";
        if (!envKey.isEmpty() && !envSecret.isEmpty()) {
            // The single key from the environment signs (it comes first); keys from the file stay accepted.
            out.removeIf(k -> k.key().equals(envKey));
            out.add(0, new PatchbayConfig.ApiKey(envKey, envSecret));
        } else if (!envKey.isEmpty() || !envSecret.isEmpty()) {
            throw new ConfigError("PATCHBAY_API_KEY and PATCHBAY_API_SECRET go together");
        }
        return out;
    }

    static List<String> splitList(String value) {
        if (value == null || value.isBlank()) return List.of();
        List<String> out = new ArrayList<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) out.add(s.trim());
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static List<IceServer> parseIceServers(String json) {
        if (json == null || json.isBlank()) return List.of();
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            if (!root.isArray()) throw new ConfigError("ice-servers must be a JSON array of RTCIceServer objects");
            List<IceServer> out = new ArrayList<>();
            for (JsonNode n : root) {
                JsonNode urls = n.get("urls");
                List<String> list = new ArrayList<>();
                if (urls != null && urls.isArray()) urls.forEach(u -> list.add(u.asText()));
                else if (urls != null && urls.isTextual()) list.add(urls.asText());
                if (list.isEmpty()) throw new ConfigError("every ice-servers entry needs urls");
                out.add(new IceServer(list, text(n, "username"), text(n, "credential")));
            }
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigError("ice-servers is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The keys an operator can set, for --help. */
    public static List<String> environmentVariables() {
        return Arrays.asList("PATCHBAY_HTTP_PORT", "PATCHBAY_HTTP_HOST", "PATCHBAY_MEDIA_PORT", "PATCHBAY_BIND_ADDRESS",
                "PATCHBAY_PUBLIC_ADDRESS", "PATCHBAY_ADVERTISE_BOUND_ADDRESSES", "PATCHBAY_USE_CLIENT_CANDIDATES", "PATCHBAY_MEDIA_THREADS",
                "PATCHBAY_MEDIA_BATCHED_SENDS", "PATCHBAY_MEDIA_SPREAD_FROM_SUBSCRIBERS", "PATCHBAY_ICE_SERVERS",
                "PATCHBAY_TURN_URLS", "PATCHBAY_TURN_SECRET", "PATCHBAY_TURN_TTL_SECONDS", "PATCHBAY_API_KEY", "PATCHBAY_API_SECRET",
                "PATCHBAY_WEBHOOK_URLS", "PATCHBAY_WEBHOOK_SECRET",
                "PATCHBAY_MAX_CONNECTIONS_PER_IP", "PATCHBAY_MAX_PARTICIPANTS", "PATCHBAY_MAX_TRACKS_PER_PARTICIPANT",
                "PATCHBAY_LAST_N",
                "PATCHBAY_MAX_MEDIA_PACKETS_PER_SECOND", "PATCHBAY_MAX_MEDIA_BITS_PER_SECOND",
                "PATCHBAY_MAX_MEDIA_BUFFERS_PER_CONNECTION", "PATCHBAY_MAX_DTLS_HANDSHAKES", "PATCHBAY_MAX_DTLS_HANDSHAKES_QUEUED",
                "PATCHBAY_TLS_CERT", "PATCHBAY_TLS_KEY", "PATCHBAY_TLS_SELF_SIGNED", "PATCHBAY_DRAIN_TIMEOUT_SECONDS",
                "PATCHBAY_CLUSTER_MEMBERS", "PATCHBAY_CLUSTER_HOST", "PATCHBAY_CLUSTER_PORT", "PATCHBAY_CLUSTER_BUS_PORT",
                "PATCHBAY_CLUSTER_KUBERNETES_SERVICE_DNS", "PATCHBAY_CLUSTER_HTTP_URL", "PATCHBAY_CLUSTER_RELAY_PORT",
                "PATCHBAY_CLUSTER_MEDIA", "PATCHBAY_CLUSTER_TLS_CERT", "PATCHBAY_CLUSTER_TLS_KEY");
    }
}
