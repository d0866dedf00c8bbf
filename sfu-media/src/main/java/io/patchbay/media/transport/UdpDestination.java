package io.patchbay.media.transport;

import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * Where a transport's media goes: the remote of its selected ICE pair, resolved once per pair (an IPv4 address, as
 * the media port's send-only sockets are IPv4), in the forms the senders need without allocating per packet.
 */
final class UdpDestination {
    final InetSocketAddress address;
    /** The 4 address bytes, network order. */
    final byte[] ipv4;
    final int port;

    UdpDestination(InetSocketAddress address) {
        if (!(address.getAddress() instanceof Inet4Address)) {
            throw new IllegalArgumentException("not a resolved IPv4 address: " + address);
        }
        this.address = address;
        this.ipv4 = address.getAddress().getAddress();
        this.port = address.getPort();
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
