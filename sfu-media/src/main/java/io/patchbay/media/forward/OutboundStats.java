package io.patchbay.media.forward;

/** A consumer's counters and the layers it forwards, for the stats message. Media-thread only. */
final class OutboundStats {
    private OutboundStats() {
    }

    static MediaStatsSnapshot.Outbound of(Consumer c) {
        Producer p = c.producer;
        int current = c.currentLayer();
        ProducerLayer stream = current >= 0 ? p.layers[current] : null;
        ProducerLayer layer = p.simulcast ? stream : null;
        String rid = layer == null ? null : layer.rid;
        int height = layer == null ? 0 : layer.heightLines;
        int spatial = -1;
        if (p.svc && stream != null) {
            spatial = Math.min(c.currentSpatial(), stream.rates.spatialLayers() - 1);
            height = p.svcHeightLines[spatial];
        }
        int temporal = -1;
        if (stream != null) {
            int temporalLayers = stream.rates.temporalLayers(Math.max(0, spatial));
            if (temporalLayers > 1) temporal = Math.min(c.currentTemporal(), temporalLayers - 1);
        }
        return new MediaStatsSnapshot.Outbound(p.trackId, p.kind, c.packetsSent, c.octetsSent,
                c.rate.bitrateBps(), c.nacksReceived, c.retransmissionsSent, c.plisReceived, rid, height,
                c.layerSwitches, spatial, temporal, c.ssrc, c.mid);
    }
}
