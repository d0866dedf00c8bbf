package io.patchbay.media.packet;

/**
 * Whoever a received buffer is charged to (its {@link PacketBuffer#owner}, the transport it arrived on): told when
 * the buffer goes back to the pool, so a peer's share of the pool can be bounded wherever the buffer ends up held
 * (a worker queue, a retransmission cache).
 */
public interface BufferAccount {
    /** A buffer charged to this account was released (any thread). */
    void bufferReleased();
}
