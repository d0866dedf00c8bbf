package io.patchbay.media.forward;

import io.patchbay.media.packet.PacketBuffer;

/**
 * The buffer a router writes each outgoing RTP packet into before protecting and sending it: one per router, so one
 * per thread, reused for every packet. That is safe because every transport's {@code sendRtp} is done with the bytes
 * when it returns (copied into the batch or the egress lane, or sent). A pooled buffer per packet cost four atomic
 * operations on the pool shared with the socket readers, and a buffer last touched thousands of packets earlier
 * (the pool hands buffers out in turn), where this one stays in the core's cache.
 */
final class OutputBuffer {
    /** Room for headroom, a packet and its SRTP tag, like a pool buffer. */
    final byte[] data = new byte[PacketBuffer.CAPACITY];
}
