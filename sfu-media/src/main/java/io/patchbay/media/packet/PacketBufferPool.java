package io.patchbay.media.packet;

import io.patchbay.media.util.MpmcArrayQueue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded pool of {@link PacketBuffer}s shared by socket reader threads (which acquire) and media threads (which
 * release), or the other way round: any thread may call any method. Lock-free: free buffers sit in an
 * {@link MpmcArrayQueue}; buffers are created lazily, only when the queue is empty and fewer than {@code maxBuffers}
 * exist, so a steady state allocates nothing. Each buffer carries a FREE/IN_USE flag switched by CAS, which catches a
 * double release before the buffer could be handed out twice. (A stale second release that comes after the buffer
 * was acquired again cannot be told from a legitimate one; owners must drop their reference when they release.)
 */
public final class PacketBufferPool {
    private static final VarHandle ALLOCATED;

    static {
        try {
            ALLOCATED = MethodHandles.lookup().findVarHandle(PacketBufferPool.class, "allocated", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int maxBuffers;
    private final MpmcArrayQueue<PacketBuffer> free;
    @SuppressWarnings("unused") // accessed through ALLOCATED
    private volatile int allocated;

    /** @param maxBuffers how many buffers may exist at most, 1..{@link MpmcArrayQueue#MAX_CAPACITY} */
    public PacketBufferPool(int maxBuffers) {
        if (maxBuffers < 1 || maxBuffers > MpmcArrayQueue.MAX_CAPACITY) {
            throw new IllegalArgumentException("maxBuffers must be in 1.." + MpmcArrayQueue.MAX_CAPACITY);
        }
        this.maxBuffers = maxBuffers;
        this.free = new MpmcArrayQueue<>(maxBuffers);
    }

    /** Creates up to {@code count} buffers now (bounded by the maximum) so the first packets do not allocate. */
    public void preallocate(int count) {
        for (int i = 0; i < count; i++) {
            PacketBuffer buffer = allocate();
            if (buffer == null) {
                return;
            }
            free.offer(buffer);
        }
    }

    /**
     * Takes a buffer, reset ({@link PacketBuffer#reset()}), now owned by the caller.
     *
     * @return null when all {@code maxBuffers} buffers are in use; the caller counts the drop
     */
    public PacketBuffer acquire() {
        PacketBuffer buffer = free.poll();
        if (buffer == null) {
            buffer = allocate();
            if (buffer == null) {
                return null;
            }
        }
        buffer.markInUse();
        buffer.reset();
        return buffer;
    }

    /**
     * Gives a buffer back. The caller must not touch it afterwards.
     *
     * @return {@link ReleaseResult#RELEASED}, or why the buffer was refused (it is then not added to the pool)
     */
    public ReleaseResult release(PacketBuffer buffer) {
        if (buffer == null) {
            return ReleaseResult.NULL_BUFFER;
        }
        if (buffer.pool != this) {
            return ReleaseResult.FOREIGN_BUFFER;
        }
        if (!buffer.markFree()) {
            return ReleaseResult.DOUBLE_RELEASE;
        }
        if (buffer.owner instanceof BufferAccount account) account.bufferReleased();
        buffer.owner = null; // do not keep the pipeline's objects reachable from an idle buffer
        if (!free.offer(buffer)) {
            // Cannot happen: the queue holds at least maxBuffers and never more buffers than exist. Forget the buffer
            // rather than lose count.
            ALLOCATED.getAndAdd(this, -1);
        }
        return ReleaseResult.RELEASED;
    }

    /** Buffers acquired and not yet released (exact when no thread is mid-operation). */
    public int outstanding() {
        return Math.max(0, allocatedTotal() - free.size());
    }

    /** Buffers created so far (never more than {@link #maxBuffers()}). */
    public int allocatedTotal() {
        return (int) ALLOCATED.getVolatile(this);
    }

    /** Buffers waiting in the pool. */
    public int available() {
        return free.size();
    }

    public int maxBuffers() {
        return maxBuffers;
    }

    private PacketBuffer allocate() {
        int current = (int) ALLOCATED.getVolatile(this);
        while (current < maxBuffers) {
            int witness = (int) ALLOCATED.compareAndExchange(this, current, current + 1);
            if (witness == current) {
                return new PacketBuffer(this);
            }
            current = witness;
        }
        return null;
    }
}
