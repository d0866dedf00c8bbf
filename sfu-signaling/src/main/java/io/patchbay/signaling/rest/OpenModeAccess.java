package io.patchbay.signaling.rest;

import io.patchbay.core.ice.IpLiteral;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who may use the REST API when access control is off (no API key): the local machine only. */
final class OpenModeAccess {
    private OpenModeAccess() {
    }

    /** Whether a peer at {@code hostAddress} (an IP literal as the socket reports it) is on loopback. */
    static boolean allowed(String hostAddress) {
        byte[] ip = IpLiteral.parse(hostAddress);
        if (ip == null) return false;
        try {
            return InetAddress.getByAddress(ip).isLoopbackAddress() || isMappedLoopback(ip);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** ::ffff:127.x.x.x, as a dual-stack socket may report an IPv4 loopback peer. */
    private static boolean isMappedLoopback(byte[] ip) {
        if (ip.length != 16) return false;
        for (int i = 0; i < 10; i++) if (ip[i] != 0) return false;
        return ip[10] == (byte) 0xFF && ip[11] == (byte) 0xFF && ip[12] == 127;
    }
}
