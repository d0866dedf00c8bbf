package io.patchbay.core.sdp;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Constants and small helpers for descriptions the server writes. */
final class ServerSdp {
    /** The c= value of a description whose addresses come by trickle ICE (RFC 8829 section 5.2.1). */
    static final String NULL_CONNECTION = "IN IP4 0.0.0.0";
    /** The a=rtcp value that goes with port 9 (RFC 8829 section 5.2.1). */
    static final String NULL_RTCP = "9 IN IP4 0.0.0.0";
    /** a=msid-semantic value; the space after the colon is how Chrome writes it. */
    static final String MSID_SEMANTIC = "WMS *";

    private ServerSdp() {
    }

    /** A fresh session id: random, positive, below 2^62 as RFC 8829 section 5.2.1 recommends. */
    static long freshSessionId() {
        return ThreadLocalRandom.current().nextLong(1, 1L << 62);
    }

    /**
     * The session part every description this server writes shares. It declares {@code a=ice-lite} (RFC 8839
     * section 5.3): the client's agent then always takes the controlling role and nominates (RFC 8445 section
     * 6.1.1), on the subscriber connection too, where the server offers. Without it both agents would start
     * controlled on that connection and depend on role-conflict repair, which ice4j does not finish when its own
     * check succeeded first: nobody nominated and about one join in several never connected. The server's agent
     * still answers every check and sends its own (harmless to a full peer; ice4j needs its triggered check to
     * succeed before it selects a pair).
     */
    static SessionDescription.Builder session(long sessionId, long sessionVersion, List<String> bundleMids,
                                              boolean extmapAllowMixed) {
        SessionDescription.Builder session = SessionDescription.builder(Origin.ofServer(sessionId, sessionVersion))
                .iceLite(true)
                .extmapAllowMixed(extmapAllowMixed)
                .msidSemantic(MSID_SEMANTIC);
        if (!bundleMids.isEmpty()) {
            session.groups(List.of(new SdpGroup(SdpGroup.BUNDLE, bundleMids)));
        }
        return session;
    }
}
