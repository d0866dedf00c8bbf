package io.patchbay.core.sdp;

import java.util.Objects;

/**
 * The o= line (RFC 8866 section 5.2). JSEP (RFC 8829 section 5.2.1) keeps the session id fixed for the life of a
 * peer connection and increments the version whenever the description changes; both fit a signed 64-bit value.
 */
public record Origin(String username, long sessionId, long sessionVersion, String netType, String addrType, String address) {
    public Origin {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(netType, "netType");
        Objects.requireNonNull(addrType, "addrType");
        Objects.requireNonNull(address, "address");
        if (!SdpSyntax.isVisibleAscii(username)) {
            throw new IllegalArgumentException("username must be visible ASCII without spaces");
        }
        if (sessionId < 0 || sessionVersion < 0) {
            throw new IllegalArgumentException("session id and version must be non-negative");
        }
        if (!SdpSyntax.isToken(netType) || !SdpSyntax.isToken(addrType) || !SdpSyntax.isVisibleAscii(address)) {
            throw new IllegalArgumentException("bad network fields in origin");
        }
    }

    /** An origin for a description this server writes: {@code - <id> <version> IN IP4 127.0.0.1}, as browsers write. */
    public static Origin ofServer(long sessionId, long sessionVersion) {
        return new Origin("-", sessionId, sessionVersion, "IN", "IP4", "127.0.0.1");
    }

    /** The value of the o= line. */
    public String toSdpValue() {
        return username + " " + sessionId + " " + sessionVersion + " " + netType + " " + addrType + " " + address;
    }
}
