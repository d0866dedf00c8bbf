package io.patchbay.core.room;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The secret that lets a client resume its session on a new WebSocket (docs/protocol.md, Session lifecycle):
 * 24 random bytes, base64url. Compared in constant time; never logged.
 */
public record ReconnectToken(String value) {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Longest accepted on the wire; real tokens are 35 characters. */
    public static final int MAX_LENGTH = 64;

    public static ReconnectToken random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return new ReconnectToken("rt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Constant-time comparison with a token a client presented. */
    public boolean matches(String presented) {
        if (presented == null) return false;
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ReconnectToken[redacted]";
    }
}
