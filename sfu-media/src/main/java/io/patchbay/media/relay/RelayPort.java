package io.patchbay.media.relay;

import io.patchbay.media.DropReason;
import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * The one UDP port a node uses for media to and from other nodes of its cluster ({@link RelayTransport}s). Every
 * datagram is a 4-byte link id, chosen by the receiving node, then one SRTP or SRTCP packet: the id finds the link
 * (one per room and peer node), the link checks the source address and decrypts. Octo (Jitsi's first relay) framed
 * its datagrams the same way; a port shared by all rooms keeps what operators open between nodes to one port.
 *
 * <p>One receive thread; sends come from the media workers (DatagramChannel sends are thread-safe).
 */
public final class RelayPort implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RelayPort.class.getName());
    /** Bytes in front of each packet: the receiver's link id. */
    static final int LINK_ID_BYTES = 4;
    /** Links one node may hold at once (rooms spanning nodes x peer nodes): each costs a map entry and SRTP state. */
    public static final int MAX_LINKS = 10_000;
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;

    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final PacketBufferPool pool;
    private final MediaStats stats;
    private final Map<Integer, RelayTransport> links = new ConcurrentHashMap<>();
    private final Thread receiver;
    /** One direct buffer per sending thread: the JDK would otherwise copy a heap buffer into a temporary one. */
    private static final ThreadLocal<ByteBuffer> SEND_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(PacketBuffer.CAPACITY + LINK_ID_BYTES));
    private volatile boolean closed;

    private RelayPort(DatagramChannel channel, PacketBufferPool pool, MediaStats stats) throws IOException {
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.pool = pool;
        this.stats = stats;
        this.receiver = new Thread(this::receive, "patchbay-relay-rx");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Binds {@code host:port} (0: any free port). */
    public static RelayPort bind(String host, int port, PacketBufferPool pool, MediaStats stats) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            channel.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot bind the relay port " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new RelayPort(channel, pool, stats);
    }

    public InetSocketAddress localAddress() {
        return local;
    }

    public int linkCount() {
        return links.size();
    }

    /** Registers a link under a fresh id; null when {@link #MAX_LINKS} are open. */
    int register(RelayTransport transport) {
        if (links.size() >= MAX_LINKS) return 0;
        while (true) {
            int id = ThreadLocalRandom.current().nextInt();
            if (id != 0 && links.putIfAbsent(id, transport) == null) return id;
        }
    }

    void unregister(int linkId, RelayTransport transport) {
        links.remove(linkId, transport);
    }

    /** Sends {@code buf[off, off + len)} to {@code remote}, framed with the receiver's {@code linkId}. */
    boolean send(int linkId, byte[] buf, int off, int len, SocketAddress remote) {
        ByteBuffer out = SEND_BUFFER.get();
        out.clear();
        out.putInt(linkId);
        out.put(buf, off, len);
        out.flip();
        try {
            return channel.send(out, remote) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private void receive() {
        ByteBuffer in = ByteBuffer.allocateDirect(PacketBuffer.CAPACITY + LINK_ID_BYTES);
        while (!closed) {
            SocketAddress from;
            in.clear();
            try {
                from = channel.receive(in);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) LOG.fine("relay port: " + e.getMessage());
                continue;
            }
            in.flip();
            int len = in.remaining() - LINK_ID_BYTES;
            // At least an RTCP header (8 bytes) after the id; no more than a buffer holds.
            if (len < 8 || len > PacketBuffer.MTU) {
                stats.dropped(DropReason.RTP_MALFORMED);
                continue;
            }
            RelayTransport link = links.get(in.getInt());
            if (link == null || !link.acceptsFrom(from)) {
                stats.dropped(DropReason.UNKNOWN_SOURCE);
                continue;
            }
            PacketBuffer packet = pool.acquire();
            if (packet == null) {
                stats.dropped(DropReason.POOL_EXHAUSTED);
                continue;
            }
            try {
                in.get(packet.data, PacketBuffer.HEADROOM, len);
                packet.offset = PacketBuffer.HEADROOM;
                packet.length = len;
                link.onDatagram(packet);
            } catch (RuntimeException e) {
                // Never let one datagram end the node's relay reception.
                pool.release(packet);
                stats.dropped(DropReason.RTP_MALFORMED);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.fine("relay port close: " + e.getMessage());
        }
    }
}
