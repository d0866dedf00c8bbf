package io.patchbay.signaling.rest;

import io.patchbay.core.ice.IpLiteral;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who may use the REST API when access control is off (no API key): the local machine only. */
final class OpenModeAccess {
    private OpenModeAccess() {
    }

    /**
     * Whether a peer at {@code hostAddress} (an IP literal as the socket reports it) is on loopback. An IPv4-mapped
     * address (::ffff:127.0.0.1, from a dual-stack socket) comes back from the JDK as the IPv4 address it maps.
     */
    static boolean allowed(String hostAddress) {
        byte[] ip = IpLiteral.parse(hostAddress);
        if (ip == null) return false;
        try {
            return InetAddress.getByAddress(ip).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
