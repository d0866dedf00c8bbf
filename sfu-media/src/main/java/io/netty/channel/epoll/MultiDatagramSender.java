package io.netty.channel.epoll;

import io.netty.channel.socket.SocketProtocolFamily;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Patchbay's bridge to Netty's native epoll transport: many UDP datagrams, each to its own destination, from one
 * bound socket (IPv4, or dual-stack IPv6) in one {@code sendmmsg(2)} call, from a thread that is not a Netty event
 * loop, with nothing allocated per datagram. One instance per media thread; not thread-safe.
 *
 * <p>Why it lives in Netty's package: Netty sends with {@code sendmmsg} only from its own channels, whose write path
 * allocates per datagram on threads it does not own (a {@code DatagramPacket} and an outbound-buffer entry, ~88 B) and
 * needs the channel's event loop. The pieces underneath ({@code LinuxSocket.sendmmsg},
 * {@code NativeDatagramPacketArray}) are package-private, and the fields of a {@code NativeDatagramPacket} private,
 * written here through {@link VarHandle}s. That works on the class path (one unnamed module), not on the module path.
 * It is tied to the Netty version in the parent POM: {@link #available()} is false, with the reason, if these
 * internals changed, and media then goes out one {@code sendto} at a time ({@code BatchedUdpSenderTest} fails in the
 * build if that happens). Measured on a 2-core VM: 1.3-1.4 us of CPU per 1,100-byte datagram in batches of 64 against
 * 3.3-5.1 us for one {@code DatagramChannel.send} each.
 */
public final class MultiDatagramSender implements AutoCloseable {
    private static final String UNAVAILABLE;
    private static final VarHandle MEMORY_ADDRESS;
    private static final VarHandle IOV_COUNT;
    private static final VarHandle RECIPIENT_ADDR;
    private static final VarHandle RECIPIENT_ADDR_LEN;
    private static final VarHandle RECIPIENT_SCOPE_ID;
    private static final VarHandle RECIPIENT_PORT;
    private static final VarHandle SEGMENT_SIZE;

    static {
        String reason = null;
        VarHandle[] handles = new VarHandle[7];
        try {
            if (!Epoll.isAvailable()) {
                reason = "Netty's native epoll transport cannot load: " + Epoll.unavailabilityCause();
            } else if (!Native.IS_SUPPORTING_SENDMMSG) {
                reason = "this kernel has no sendmmsg";
            } else {
                Class<?> c = NativeDatagramPacketArray.NativeDatagramPacket.class;
                MethodHandles.Lookup l = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
                handles[0] = l.findVarHandle(c, "memoryAddress", long.class);
                handles[1] = l.findVarHandle(c, "count", int.class);
                handles[2] = l.findVarHandle(c, "recipientAddr", byte[].class);
                handles[3] = l.findVarHandle(c, "recipientAddrLen", int.class);
                handles[4] = l.findVarHandle(c, "recipientScopeId", int.class);
                handles[5] = l.findVarHandle(c, "recipientPort", int.class);
                handles[6] = l.findVarHandle(c, "segmentSize", int.class);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            reason = "Netty's epoll internals are not what this bridge was written for (" + e + ")";
        }
        UNAVAILABLE = reason;
        MEMORY_ADDRESS = handles[0];
        IOV_COUNT = handles[1];
        RECIPIENT_ADDR = handles[2];
        RECIPIENT_ADDR_LEN = handles[3];
        RECIPIENT_SCOPE_ID = handles[4];
        RECIPIENT_PORT = handles[5];
        SEGMENT_SIZE = handles[6];
    }

    private final LinuxSocket socket;
    private final NativeDatagramPacketArray array;
    private final NativeDatagramPacketArray.NativeDatagramPacket[] packets;
    /** Each packet's 16-byte recipient address array (an IPv4-mapped IPv6 address, as Netty's JNI reads it). */
    private final byte[][] recipients;
    /** struct iovec[maxBatch] {void *base; size_t len}: one buffer per datagram. */
    private final ByteBuffer iov;
    private final int maxBatch;
    private int count;
    private int sent;
    private long failed;

    private MultiDatagramSender(LinuxSocket socket, int maxBatch) {
        this.socket = socket;
        this.array = new NativeDatagramPacketArray();
        this.packets = array.packets();
        this.maxBatch = Math.min(maxBatch, packets.length);
        this.iov = ByteBuffer.allocateDirect(16 * this.maxBatch).order(ByteOrder.nativeOrder());
        long iovAddress = io.netty.channel.unix.Buffer.memoryAddress(iov);
        this.recipients = new byte[this.maxBatch][];
        for (int i = 0; i < this.maxBatch; i++) {
            MEMORY_ADDRESS.set(packets[i], iovAddress + 16L * i);
            IOV_COUNT.set(packets[i], 1);
            SEGMENT_SIZE.set(packets[i], 0);
            RECIPIENT_ADDR_LEN.set(packets[i], 16);
            RECIPIENT_SCOPE_ID.set(packets[i], 0);
            recipients[i] = (byte[]) RECIPIENT_ADDR.get(packets[i]);
        }
    }

    /** Null when this sender can be used here; else why not (for the operator's log). */
    public static String unavailabilityReason() {
        return UNAVAILABLE;
    }

    /**
     * A non-blocking UDP socket bound to {@code local} with SO_REUSEADDR (so it can share the media port), a send
     * buffer of {@code sendBufferBytes}, sending up to {@code maxBatch} datagrams per call (at most Netty's packet
     * array, UIO_MAX_IOV = 1,024). An IPv6 {@code local} (such as {@code ::}) makes a dual-stack socket, which sends
     * to IPv4 destinations too; an IPv4 one sends to IPv4 only.
     */
    public static MultiDatagramSender bind(InetSocketAddress local, int sendBufferBytes, int maxBatch)
            throws IOException {
        if (UNAVAILABLE != null) throw new IOException(UNAVAILABLE);
        LinuxSocket s = LinuxSocket.newSocketDgram(local.getAddress() instanceof Inet6Address
                ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET);
        try {
            s.setReuseAddress(true);
            s.setSendBufferSize(sendBufferBytes);
            s.bind(local);
            return new MultiDatagramSender(s, maxBatch);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Datagrams queued and not sent yet. */
    public int queued() {
        return count - sent;
    }

    /** Datagrams the kernel refused (each skipped), since this sender was made. */
    public long failedCount() {
        return failed;
    }

    /**
     * Queues {@code length} bytes at native address {@code memoryAddress} for {@code address} (4 bytes IPv4, or 16
     * bytes IPv6, which needs a dual-stack socket) port {@code port}; the memory must stay as it is until
     * {@link #flush} has sent it. False when the batch is full.
     */
    public boolean add(long memoryAddress, int length, byte[] address, int port) {
        if (count == maxBatch) return false;
        int i = count;
        iov.putLong(16 * i, memoryAddress);
        iov.putLong(16 * i + 8, length);
        byte[] to = recipients[i];
        if (address.length == 16) {
            System.arraycopy(address, 0, to, 0, 16);
        } else {
            // IPv4-mapped (RFC 4291 section 2.5.5.2): what an IPv4 socket reads the last 4 bytes of.
            Arrays.fill(to, 0, 10, (byte) 0);
            to[10] = (byte) 0xFF;
            to[11] = (byte) 0xFF;
            System.arraycopy(address, 0, to, 12, 4);
        }
        RECIPIENT_PORT.set(packets[i], port);
        count = i + 1;
        return true;
    }

    /**
     * Sends what is queued, in as few {@code sendmmsg} calls as the kernel allows. A datagram the kernel refuses is
     * skipped and counted ({@link #failedCount}). When the send buffer is full (EAGAIN) the rest stays queued
     * ({@link #queued} > 0): flush again later, or {@link #clear}.
     */
    public void flush() {
        while (sent < count) {
            int n;
            try {
                n = socket.sendmmsg(packets, sent, count - sent);
            } catch (IOException e) {
                // sendmmsg reports an error only when the first datagram fails: skip that one, go on.
                sent++;
                failed++;
                continue;
            }
            if (n <= 0) return;
            sent += n;
        }
        count = 0;
        sent = 0;
    }

    /** Drops whatever is still queued. */
    public void clear() {
        count = 0;
        sent = 0;
    }

    @Override
    public void close() {
        array.release();
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }
}
