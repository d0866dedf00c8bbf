package io.patchbay.media.forward;

import io.patchbay.media.codec.Vp8PayloadDescriptor;
import io.patchbay.media.packet.RtpHeader;

/**
 * What a producer learned about one received packet, filled once and read by each of its consumers' forwarders.
 * A reused view (the per-packet path allocates nothing); valid only during one {@link Producer#onRtp} call.
 */
final class IncomingPacket {
    RtpHeader header;
    ProducerLayer layer;
    /** The payload type subscribers see. */
    int outputPayloadType;
    /** The layer's unwrapped sequence number. */
    long extendedSequence;
    boolean keyframe;
    long nowNanos;
    /** The parsed VP8 payload descriptor for a VP8 packet, or null (another codec, or malformed). */
    Vp8PayloadDescriptor vp8;
    /** Its place among temporal and SVC layers. */
    final FrameInfo frame = FrameInfo.none();

    int sequenceNumber() {
        return header.sequenceNumber();
    }

    long timestamp() {
        return header.timestamp();
    }
}
