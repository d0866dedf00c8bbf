package io.patchbay.media.forward;

import io.patchbay.media.packet.RtpHeader;

/**
 * Binds an RTP stream with an SSRC no layer claims yet to the layer it belongs to: the m-section its mid header
 * extension names (RFC 8843 section 9.2), then within a simulcast track the encoding its rid names, or for RTX the
 * encoding its repaired-rid names (RFC 8852 section 3). A publisher that restarts a stream with a new SSRC is followed:
 * the old SSRC's SRTP state is released and subscribers continue without a jump. Media-thread only.
 */
final class StreamBinder {
    /** What binding a new SSRC asks the router to do for the layer's subscribers. */
    interface Listener {
        /** A layer's media SSRC was (re)bound: subscribers on it restart, and want a keyframe of it. */
        void onMediaSsrcBound(ProducerLayer layer);
    }

    private final Listener listener;

    StreamBinder(Listener listener) {
        this.listener = listener;
    }

    /** The layer for the packet in {@code header}, bound now; or null if nothing names it. */
    ProducerLayer bind(TransportBinding binding, RtpHeader header) {
        if (binding.midExtensionId <= 0) return null;
        int at = header.findExtension(binding.midExtensionId);
        if (at < 0) return null;
        Producer producer = binding.producerByMid(header.buffer(), at, header.foundExtensionLength());
        if (producer == null) return null;
        boolean rtx = producer.isRtxPayloadType(header.payloadType());
        ProducerLayer layer = producer.simulcast ? layerByRid(producer, header, rtx) : producer.layers[0];
        if (layer == null) return null;
        long ssrc = header.ssrc();
        if (rtx) {
            if (layer.rtxSsrcKnown && layer.rtxSsrc != ssrc) binding.transport.releaseReceiveSsrc(layer.rtxSsrc);
            layer.rtxSsrc = ssrc;
            layer.rtxSsrcKnown = true;
            return layer;
        }
        if (layer.ssrcKnown && layer.ssrc != ssrc) binding.transport.releaseReceiveSsrc(layer.ssrc);
        layer.ssrc = ssrc;
        layer.ssrcKnown = true;
        listener.onMediaSsrcBound(layer);
        return layer;
    }

    private static ProducerLayer layerByRid(Producer producer, RtpHeader header, boolean rtx) {
        int id = rtx ? producer.extensions.repairedRid() : producer.extensions.rid();
        if (id <= 0) return null;
        int at = header.findExtension(id);
        if (at < 0) return null;
        return producer.layerByRid(header.buffer(), at, header.foundExtensionLength());
    }
}
