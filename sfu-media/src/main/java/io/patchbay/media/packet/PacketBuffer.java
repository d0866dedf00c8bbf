package io.patchbay.media.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One datagram's worth of memory from a {@link PacketBufferPool}: a fixed array with room before the packet (so a
 * header can grow without a copy) and after it (for the SRTP auth tag). The packet occupies
 * {@code data[offset, offset + length)}.
 *
 * <p>The fields are plain and public on purpose: whoever holds the buffer (acquired and not yet released) owns it and
 * is the only thread touching it; handing it to another thread through a queue with release/acquire semantics (like
 * {@link io.patchbay.media.util.MpmcArrayQueue}) makes the writes visible. Never touch a buffer after releasing it.
 */
public final class PacketBuffer {
    /** Largest datagram payload we expect on the wire. */
    public static final int MTU = 1500;
    /** Room kept in front of a received packet. */
    public static final int HEADROOM = 128;
    /** Room kept after a received packet (SRTP tag and SRTCP index fit). */
    public static final int TAILROOM = 64;
    /** Size of {@link #data}. */
    public static final int CAPACITY = HEADROOM + MTU + TAILROOM;

    static final int STATE_FREE = 0;
    static final int STATE_IN_USE = 1;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PacketBuffer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The memory; its length is {@link #CAPACITY}. */
    public final byte[] data = new byte[CAPACITY];
    /** Index of the packet's first byte in {@link #data}. */
    public int offset = HEADROOM;
    /** Packet length in bytes. */
    public int length;
    /** When the datagram was read from the socket (injected clock, nanoseconds). */
    public long receivedAtNanos;
    /** Whatever the pipeline wants to attach (e.g. the transport the packet arrived on); cleared on acquire. */
    public Object owner;

    /** The pool that created this buffer, or null for a standalone buffer. */
    final PacketBufferPool pool;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    /** A standalone buffer that belongs to no pool (tests, tools). */
    public PacketBuffer() {
        this(null);
    }

    PacketBuffer(PacketBufferPool pool) {
        this.pool = pool;
        this.state = STATE_FREE;
    }

    /** Puts the packet back at {@link #HEADROOM} with length 0 and clears the pipeline fields. */
    public void reset() {
        offset = HEADROOM;
        length = 0;
        receivedAtNanos = 0;
        owner = null;
    }

    /** Bytes free after the packet. */
    public int tailroom() {
        return CAPACITY - offset - length;
    }

    boolean markInUse() {
        return STATE.compareAndSet(this, STATE_FREE, STATE_IN_USE);
    }

    boolean markFree() {
        return STATE.compareAndSet(this, STATE_IN_USE, STATE_FREE);
    }

    /** True while acquired from its pool and not yet released. */
    public boolean inUse() {
        return (int) STATE.getVolatile(this) == STATE_IN_USE;
    }
}
