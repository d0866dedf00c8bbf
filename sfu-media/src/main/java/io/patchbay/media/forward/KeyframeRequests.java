package io.patchbay.media.forward;

import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.rtcp.Fir;
import io.patchbay.media.packet.rtcp.Pli;

/**
 * Sends keyframe requests to publishers: PLI (RFC 4585 6.3.1), or FIR (RFC 5104 4.3.1) where PLI was not
 * negotiated, for one layer's SSRC, throttled by the layer's {@link KeyframeRequester}. Within the interval a request
 * is deferred, not dropped: {@link #sendWanted} sends it when the interval is over unless a keyframe arrived between.
 */
final class KeyframeRequests {
    private final MediaStats stats;
    private final byte[] scratch = new byte[PacketBuffer.CAPACITY];

    KeyframeRequests(MediaStats stats) {
        this.stats = stats;
    }

    /** Asks for a keyframe of the layer a subscriber receives or is switching to (it asked, or it just started). */
    void requestFor(Consumer consumer, long nowNanos) {
        request(consumer.producer.layers[consumer.targetLayer()], nowNanos);
    }

    /** True if a request went out now; otherwise it is remembered for the next tick. */
    boolean request(ProducerLayer layer, long nowNanos) {
        Producer producer = layer.producer;
        if (!layer.ssrcKnown || !producer.publisher.transport.isConnected()) return false;
        if (!layer.keyframes.shouldRequest(nowNanos)) {
            layer.keyframeWanted = true;
            return false;
        }
        int off = PacketBuffer.HEADROOM;
        TransportBinding publisher = producer.publisher;
        int len = producer.pliSupported
                ? Pli.write(scratch, off, publisher.rtcpSsrc, layer.ssrc)
                : Fir.write(scratch, off, publisher.rtcpSsrc, layer.ssrc, layer.keyframes.nextFirSequence());
        if (len > 0 && publisher.transport.sendRtcp(scratch, off, len)) {
            stats.keyframeRequested();
            layer.keyframeRequestsSent++;
            layer.keyframeWanted = false;
            return true;
        }
        return false;
    }

    /**
     * Sends what is wanted: deferred requests, and for subscribers waiting for a keyframe (they receive nothing, so
     * their browsers never ask themselves). Covers subscribers that connect before the publisher does.
     */
    void sendWanted(Producer producer, long nowNanos) {
        for (Consumer c : producer.consumers) {
            if (c.waitingForKeyframe()) producer.layers[c.targetLayer()].keyframeWanted = true;
        }
        for (ProducerLayer l : producer.layers) {
            if (l.keyframeWanted) request(l, nowNanos);
        }
    }
}
