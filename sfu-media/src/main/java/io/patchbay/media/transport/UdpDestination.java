package io.patchbay.media.transport;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * Where a transport's media goes: the remote of its selected ICE pair, resolved once per pair (IPv4, or IPv6 when the
 * media port's send-only sockets are dual-stack), in the forms the senders need without allocating per packet.
 */
final class UdpDestination {
    final InetSocketAddress address;
    /** The address bytes, network order: 4 (IPv4) or 16 (IPv6). */
    final byte[] addressBytes;
    final int port;

    UdpDestination(InetSocketAddress address) {
        if (address.isUnresolved()) throw new IllegalArgumentException("not a resolved address: " + address);
        this.address = address;
        this.addressBytes = address.getAddress().getAddress();
        this.port = address.getPort();
    }

    boolean isIpv6() {
        return address.getAddress() instanceof Inet6Address;
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
