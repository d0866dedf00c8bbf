package io.patchbay.media.forward;

/** A consumer's counters and the layer it forwards, for the stats message. Media-thread only. */
final class OutboundStats {
    private OutboundStats() {
    }

    static MediaStatsSnapshot.Outbound of(Consumer c) {
        int current = c.currentLayer();
        ProducerLayer layer = c.producer.simulcast && current >= 0 ? c.producer.layers[current] : null;
        return new MediaStatsSnapshot.Outbound(c.producer.trackId, c.producer.kind, c.packetsSent, c.octetsSent,
                c.rate.bitrateBps(), c.nacksReceived, c.retransmissionsSent, c.plisReceived,
                layer == null ? null : layer.rid, layer == null ? 0 : layer.heightLines, c.layerSwitches);
    }
}
