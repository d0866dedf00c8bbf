package io.patchbay.core.sdp;

import java.util.Optional;

/** The DTLS role attribute a=setup (RFC 4145, used for DTLS by RFC 8842). */
public enum SetupRole {
    /** This side starts the DTLS handshake (it is the DTLS client). */
    ACTIVE("active"),
    /** This side waits for the handshake (it is the DTLS server). */
    PASSIVE("passive"),
    /** Either; only valid in an offer. */
    ACTPASS("actpass"),
    /** Keep the current connection; not used with DTLS. */
    HOLDCONN("holdconn");

    private static final SetupRole[] VALUES = values();

    private final String token;

    SetupRole(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    public static Optional<SetupRole> fromToken(String token) {
        for (SetupRole role : VALUES) {
            if (role.token.equals(token)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
