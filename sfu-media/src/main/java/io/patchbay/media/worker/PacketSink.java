package io.patchbay.media.worker;

import io.patchbay.media.packet.PacketBuffer;

/** Whoever owns a received packet on the media thread: the transport it arrived on. */
public interface PacketSink {
    /** Called on the media thread; the sink must release the buffer. */
    void onPacket(PacketBuffer packet);
}
