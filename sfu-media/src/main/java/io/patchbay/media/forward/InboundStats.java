package io.patchbay.media.forward;

/** A producer's counters summed over its layers, for the stats message and the stream list. Media-thread only. */
final class InboundStats {
    private InboundStats() {
    }

    static MediaStatsSnapshot.Inbound of(Producer p) {
        long packets = 0;
        long lost = 0;
        long nacks = 0;
        long rtx = 0;
        long keyframeRequests = 0;
        for (ProducerLayer l : p.layers) {
            packets += l.receiveStats.packetsReceived();
            lost += l.receiveStats.cumulativeLost();
            nacks += l.nacks == null ? 0 : l.nacks.requestsSent();
            rtx += l.rtxReceived;
            keyframeRequests += l.keyframeRequestsSent;
        }
        return new MediaStatsSnapshot.Inbound(p.trackId, p.kind, packets, p.bytesReceived(), lost, p.rate.bitrateBps(),
                nacks, rtx, keyframeRequests, p.redPacketsReceived);
    }

    static StreamStats stream(Producer p) {
        MediaStatsSnapshot.Inbound in = of(p);
        return new StreamStats(p.trackId, null, p.kind, StreamStats.Direction.INBOUND, in.packets(), in.bytes(),
                in.packetsLost());
    }
}
