package io.patchbay.media.transport;

import io.patchbay.media.DropReason;
import io.patchbay.media.MediaStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.util.Buffer;

/**
 * ice4j's shared-port harvester, counting what it discards: datagrams from addresses no transport owns that are not
 * a STUN request for a known ufrag. ice4j drops those silently; operators need to see them (scans, junk, attacks).
 */
final class CountingUdpHarvester extends SinglePortUdpHarvester {
    private final MediaStats stats;

    CountingUdpHarvester(TransportAddress address, MediaStats stats) throws IOException {
        super(address);
        this.stats = stats;
    }

    @Override
    protected MySocket maybeAcceptNewSession(Buffer buffer, InetSocketAddress remoteAddress, String ufrag) {
        MySocket socket = super.maybeAcceptNewSession(buffer, remoteAddress, ufrag);
        if (socket == null) stats.dropped(ufrag == null ? DropReason.UNKNOWN_SOURCE : DropReason.UNKNOWN_UFRAG);
        return socket;
    }
}
