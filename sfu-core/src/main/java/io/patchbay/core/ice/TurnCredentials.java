package io.patchbay.core.ice;

import io.patchbay.core.config.PatchbayConfig.IceServer;
import io.patchbay.core.config.PatchbayConfig.TurnServer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials for one participant, in the shared-secret scheme coturn implements as
 * {@code use-auth-secret} (draft-uberti-behave-turn-rest-00): {@code username = <unix expiry>:<identity>},
 * {@code credential = base64(HMAC-SHA1(secret, username))}. The TURN server checks them without talking to us.
 */
public final class TurnCredentials {
    private TurnCredentials() {
    }

    public static IceServer mint(TurnServer turn, String identity, Instant now) {
        String username = (now.getEpochSecond() + turn.ttlSeconds()) + ":" + identity;
        return new IceServer(turn.urls(), username, credential(turn.sharedSecret(), username));
    }

    static String credential(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is part of every JDK", e);
        }
    }
}
