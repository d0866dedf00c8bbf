package io.patchbay.core.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.core.config.PatchbayConfig.IceServer;
import io.patchbay.core.config.PatchbayConfig.TurnServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {

    @Test
    void usernameIsExpiryColonIdentity() {
        IceServer s = TurnCredentials.mint(new TurnServer(List.of("turn:127.0.0.1:3478"), "s3cret", 3600),
                "PA_alice", Instant.ofEpochSecond(1_700_000_000L));
        assertEquals("1700003600:PA_alice", s.username());
        assertEquals(List.of("turn:127.0.0.1:3478"), s.urls());
    }

    @Test
    void credentialMatchesTheRfc2202HmacSha1Vector() {
        // RFC 2202 test case 2: key "Jefe", data "what do ya want for nothing?"
        // HMAC-SHA1 = effcdf6ae5eb2fa2d27416d5f184df9c259a7c79, in base64 below.
        assertEquals("7/zfauXrL6LSdBbV8YTfnCWafHk=", TurnCredentials.credential("Jefe", "what do ya want for nothing?"));
    }
}
