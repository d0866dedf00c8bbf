package io.patchbay.media.transport;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * A send-only UDP socket on the media port (bound to the wildcard address: IPv4, or dual-stack IPv6 when the media
 * port has an IPv6 address), for the media hot path.
 *
 * <p>Why: sending through ice4j ({@code Component.send}) goes through {@code DatagramSocket}, which allocates a
 * {@code DatagramPacket}, an {@code InetSocketAddress} and an {@code InetAddress} per packet and takes ice4j's pool
 * lock; at tens of thousands of packets per second that is most of the server's garbage. This channel sends from the
 * port, from a per-thread direct buffer, to the ICE-selected remote address that the transport caches: nothing is
 * allocated per packet. The kernel picks the source address by route; a transport uses this socket only when that is
 * the address of its selected pair ({@link #routeSource}), so peers see no difference.
 *
 * <p>How it shares the port: ice4j binds its sockets to each media address with SO_REUSEADDR; this one is bound to
 * the wildcard address of the same port. Linux delivers a unicast datagram to the socket whose bound address matches
 * best, so ice4j's exact-address sockets keep receiving everything (among equally specific sockets the choice would
 * vary with the kernel and the receiving CPU, which is why this one is not bound to the same address).
 * {@link MediaPort} checks that with {@link #receivesProbe} and falls back to ice4j's send path otherwise.
 *
 * <p>Where Netty's native epoll transport loads, each media thread sends through its own {@link BatchedUdpSender} on
 * the same port instead (one {@code sendmmsg} per batch); this one then only probes, and is the fallback.
 */
final class UdpSender implements MediaSender, AutoCloseable {
    private static final int SEND_BUFFER_BYTES = 4 << 20;
    /** One direct buffer per sending thread: the JDK would otherwise copy a heap buffer into a temporary one. */
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(2048));

    private final DatagramChannel channel;

    private UdpSender(DatagramChannel channel) {
        this.channel = channel;
    }

    /**
     * Binds the wildcard address on {@code port} with SO_REUSEADDR, after ice4j bound its addresses: IPv4
     * {@code 0.0.0.0}, or with {@code dualStack} IPv6 {@code ::}, which sends to IPv4 and IPv6 destinations (Java
     * leaves IPV6_V6ONLY off).
     */
    static UdpSender bindWildcard(int port, boolean dualStack) throws IOException {
        return bind(wildcard(port, dualStack));
    }

    /** The wildcard address on {@code port}: {@code ::} (dual-stack) or {@code 0.0.0.0}. */
    static InetSocketAddress wildcard(int port, boolean dualStack) throws IOException {
        return new InetSocketAddress(InetAddress.getByName(dualStack ? "::" : "0.0.0.0"), port);
    }

    private static UdpSender bind(InetSocketAddress local) throws IOException {
        DatagramChannel c = DatagramChannel.open(local.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            c.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            c.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
            c.bind(local);
            return new UdpSender(c);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Whether a datagram sent to {@code address} on this port lands on this socket (then ice4j would not see it). The
     * probe is one byte outside every RFC 7983 range, which ice4j drops as junk when it gets it (as it should).
     */
    boolean receivesProbe(InetAddress address) throws IOException {
        InetSocketAddress target = new InetSocketAddress(address, port());
        channel.configureBlocking(false);
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(new InetSocketAddress(address, 0))) {
            probe.send(new java.net.DatagramPacket(new byte[] {(byte) 0xFF}, 1, target));
            ByteBuffer b = ByteBuffer.allocate(16);
            long deadline = System.nanoTime() + 50_000_000L;
            while (System.nanoTime() < deadline) {
                if (channel.receive(b) != null) return true;
                Thread.sleep(2);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            channel.configureBlocking(true);
        }
    }

    int port() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    /** The source address the kernel would use toward {@code remote} (a route lookup: nothing is sent). */
    static InetAddress routeSource(InetSocketAddress remote) throws IOException {
        try (DatagramChannel c = DatagramChannel.open(remote.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET)) {
            c.connect(remote);
            return ((InetSocketAddress) c.getLocalAddress()).getAddress();
        }
    }

    /** Sends {@code buf[off, off+len)} to {@code to} now; false if the kernel refused it (counted by the caller). */
    @Override
    public boolean send(byte[] buf, int off, int len, UdpDestination to) throws IOException {
        ByteBuffer b = BUFFER.get();
        if (len > b.capacity()) return false;
        b.clear();
        b.put(buf, off, len).flip();
        return channel.send(b, to.address) == len;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }
}
