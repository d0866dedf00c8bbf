package io.patchbay.signaling.auth;

import io.patchbay.core.config.PatchbayConfig.ApiKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.List;

/**
 * Access tokens: HS256 JWTs signed with a configured API key's secret ({@code kid} = the key), verified with
 * vertx-auth-jwt (signature, algorithm, {@code exp}, {@code iat}, {@code nbf}, with {@link #CLOCK_SKEW_SECONDS} of
 * leeway for clocks that disagree). {@code exp} is required: a token without it would never expire. Join tokens carry {@code sub}, {@code room}, {@code name},
 * {@code exp}, {@code canPublish}, {@code canSubscribe}; admin tokens {@code roomAdmin: true}. With no key configured
 * access control is off: {@link #enabled()} is false and nothing is verified.
 */
public final class AccessControl {
    /** How far the backend's clock may be from ours (RFC 7519 section 4.1.4 "some small leeway"). */
    public static final int CLOCK_SKEW_SECONDS = 30;

    /** What a verified join token allows. */
    public record JoinGrant(String identity, String name, boolean canPublish, boolean canSubscribe) {
    }

    /** A token that is missing, malformed, badly signed, expired or for something else. */
    public static final class Rejected extends Exception {
        public Rejected(String message) {
            super(message, null, false, false);
        }
    }

    private final List<ApiKey> keys;
    private final JWTAuth verifier;
    private final JWTAuth signer;

    private AccessControl(List<ApiKey> keys, JWTAuth verifier, JWTAuth signer) {
        this.keys = keys;
        this.verifier = verifier;
        this.signer = signer;
    }

    public static AccessControl create(Vertx vertx, List<ApiKey> keys) {
        if (keys.isEmpty()) return new AccessControl(List.of(), null, null);
        JWTAuthOptions all = new JWTAuthOptions().setJWTOptions(new JWTOptions().setLeeway(CLOCK_SKEW_SECONDS));
        for (ApiKey k : keys) all.addPubSecKey(hs256(k));
        return new AccessControl(List.copyOf(keys), JWTAuth.create(vertx, all),
                JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(hs256(keys.get(0)))));
    }

    private static PubSecKeyOptions hs256(ApiKey k) {
        return new PubSecKeyOptions().setAlgorithm("HS256").setId(k.key()).setBuffer(k.secret());
    }

    public boolean enabled() {
        return !keys.isEmpty();
    }

    /** Verifies a join token for {@code room}; fails with {@link Rejected}. */
    public Future<JoinGrant> verifyJoin(String token, String room) {
        if (token == null || token.isBlank()) return Future.failedFuture(new Rejected("join needs a 'token' for this room"));
        return verify(token).compose(claims -> {
            if (!room.equals(claims.getValue("room"))) {
                return Future.failedFuture(new Rejected("the token is not for room " + room));
            }
            Object sub = claims.getValue("sub");
            String identity = sub instanceof String s && !s.isBlank() ? s : null;
            Object name = claims.getValue("name");
            return Future.succeededFuture(new JoinGrant(identity, name instanceof String s ? s : null,
                    grant(claims, "canPublish"), grant(claims, "canSubscribe")));
        });
    }

    /** Verifies an {@code Authorization} header value {@code Bearer <admin token>}; fails with {@link Rejected}. */
    public Future<Void> verifyAdmin(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Future.failedFuture(new Rejected("send 'Authorization: Bearer <admin token>'"));
        }
        return verify(authorization.substring(7).trim()).compose(claims ->
                Boolean.TRUE.equals(claims.getValue("roomAdmin"))
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new Rejected("the token is not an admin token (roomAdmin: true)")));
    }

    private Future<JsonObject> verify(String token) {
        Future<io.vertx.ext.auth.User> user;
        try {
            user = verifier.authenticate(new TokenCredentials(token));
        } catch (RuntimeException e) {
            return Future.failedFuture(new Rejected("invalid token"));
        }
        return user.transform(ar -> {
            if (ar.failed()) return Future.failedFuture(new Rejected("invalid or expired token"));
            io.vertx.ext.auth.User authenticated = ar.result();
            JsonObject claims = authenticated.principal() == null ? new JsonObject() : authenticated.principal();
            if (!hasExpiry(authenticated)) {
                return Future.failedFuture(new Rejected("the token has no 'exp' (expiry time); tokens must expire"));
            }
            return Future.succeededFuture(claims);
        });
    }

    /** vertx-auth-jwt keeps {@code exp} in the user's attributes (and the decoded token), not in the principal. */
    private static boolean hasExpiry(io.vertx.ext.auth.User user) {
        JsonObject attributes = user.attributes();
        if (attributes != null) {
            if (attributes.getValue("exp") instanceof Number) return true;
            JsonObject token = attributes.getJsonObject("accessToken");
            if (token != null && token.getValue("exp") instanceof Number) return true;
        }
        return user.principal() != null && user.principal().getValue("exp") instanceof Number;
    }

    private static boolean grant(JsonObject claims, String name) {
        Object v = claims.getValue(name);
        return !(v instanceof Boolean b) || b;
    }

    /** A join token signed with the first configured key. */
    public String mintJoin(String identity, String room, String name, long ttlSeconds, boolean canPublish, boolean canSubscribe) {
        JsonObject claims = new JsonObject().put("sub", identity).put("room", room)
                .put("canPublish", canPublish).put("canSubscribe", canSubscribe);
        if (name != null) claims.put("name", name);
        return sign(signer, keys.get(0), claims, ttlSeconds);
    }

    /** An admin token ({@code roomAdmin: true}) signed with {@code key}; for {@code ./patchbay token --admin}. */
    public static String mintAdmin(Vertx vertx, ApiKey key, long ttlSeconds) {
        JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(hs256(key)));
        return sign(auth, key, new JsonObject().put("sub", "admin").put("roomAdmin", true), ttlSeconds);
    }

    private static String sign(JWTAuth auth, ApiKey key, JsonObject claims, long ttlSeconds) {
        claims.put("exp", System.currentTimeMillis() / 1000 + ttlSeconds);
        return auth.generateToken(claims, new JWTOptions().setAlgorithm("HS256")
                .setHeader(new JsonObject().put("kid", key.key())));
    }
}
