package io.patchbay.media.forward;

import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpParseResult;
import io.patchbay.media.stream.RtxPacketizer;
import java.util.List;

/**
 * Carries one producer to one other node ({@link io.patchbay.media.relay.RelayTransport}): every wanted layer, each
 * as its own stream on an SSRC of the link's ({@link RelayStream}), with the publisher's sequence numbers, timestamps,
 * header extensions and payload untouched, so the other node's producer sees what the publisher sent (minus RTX and
 * padding, already taken out here). Keyframe requests and NACKs from the other node come back by those SSRCs: a PLI
 * becomes this layer's keyframe request (sent at once, throttled like any subscriber's), a NACK is answered as RTX from this
 * layer's retransmission cache. Layers no subscriber there wants are not sent ({@link #setWantedMask}). Media thread.
 */
final class RelaySender {
    final Producer producer;
    final TransportBinding relay;
    private final long[] ssrcs;
    private final long[] rtxSsrcs;
    private final int[] rtxSequence;
    private final PacketBufferPool pool;
    private final MediaStats stats;
    private final RtpHeader scratch = new RtpHeader();
    /** Layers the other node's subscribers want (bit per layer); all until it says otherwise. */
    private int wantedMask;
    long packetsSent;
    long retransmissionsSent;
    boolean closed;

    RelaySender(Producer producer, TransportBinding relay, List<RelayStream> streams, PacketBufferPool pool,
                MediaStats stats) {
        if (streams.size() != producer.layers.length) {
            throw new IllegalArgumentException("one relay stream per layer: " + producer.layers.length);
        }
        this.producer = producer;
        this.relay = relay;
        this.pool = pool;
        this.stats = stats;
        this.ssrcs = new long[streams.size()];
        this.rtxSsrcs = new long[streams.size()];
        this.rtxSequence = new int[streams.size()];
        for (int i = 0; i < ssrcs.length; i++) {
            ssrcs[i] = streams.get(i).ssrc();
            rtxSsrcs[i] = streams.get(i).rtxSsrc();
            rtxSequence[i] = java.util.concurrent.ThreadLocalRandom.current().nextInt(0x8000);
        }
        this.wantedMask = (1 << ssrcs.length) - 1;
    }

    void setWantedMask(int mask) {
        wantedMask = mask | 1; // the lowest layer always: a new subscriber there starts on it at once
    }

    int wantedMask() {
        return wantedMask;
    }

    /** The layer index whose media or RTX stream has {@code ssrc} on the link, or -1. */
    int layerOf(long ssrc) {
        for (int i = 0; i < ssrcs.length; i++) {
            if (ssrcs[i] == ssrc || (rtxSsrcs[i] != 0 && rtxSsrcs[i] == ssrc)) return i;
        }
        return -1;
    }

    /** One accepted packet of {@code layer} (decrypted, RTX unwrapped): a copy goes to the other node. */
    void forward(ProducerLayer layer, RtpHeader header, long nowNanos) {
        if (closed || producer.paused || (wantedMask & (1 << layer.index)) == 0 || !relay.transport.isConnected()) {
            return;
        }
        PacketBuffer out = pool.acquire();
        if (out == null) {
            stats.dropped(io.patchbay.media.DropReason.POOL_EXHAUSTED);
            return;
        }
        try {
            int len = header.length();
            System.arraycopy(header.buffer(), header.offset(), out.data, PacketBuffer.HEADROOM, len);
            writeSsrc(out.data, PacketBuffer.HEADROOM, ssrcs[layer.index]);
            if (relay.transport.sendRtp(out.data, PacketBuffer.HEADROOM, len)) packetsSent++;
        } finally {
            pool.release(out);
        }
    }

    /** The other node lost {@code seq} of the layer on {@code mediaSsrc}: resend it from the cache, as RTX. */
    void retransmit(long mediaSsrc, int seq, long nowNanos) {
        int l = layerOf(mediaSsrc);
        if (l < 0 || closed) return;
        ProducerLayer layer = producer.layers[l];
        PacketBuffer cached = layer.cache == null ? null : layer.cache.get(layer.sequence.peek(seq), nowNanos);
        if (cached == null || scratch.parse(cached.data, cached.offset, cached.length) != RtpParseResult.OK) {
            stats.retransmissionMissed();
            return;
        }
        int rtxPt = producer.rtxPayloadTypeOf(scratch.payloadType());
        if (rtxPt <= 0 || rtxSsrcs[l] == 0) {
            // Without RTX the packet would go again under the sequence number SRTP already protected once, which
            // the SRTP sender refuses (and which would reuse its AES-GCM nonce): not resent.
            stats.retransmissionMissed();
            return;
        }
        PacketBuffer out = pool.acquire();
        if (out == null) return;
        try {
            rtxSequence[l] = (rtxSequence[l] + 1) & 0xFFFF;
            int len = RtxPacketizer.wrap(scratch, out.data, PacketBuffer.HEADROOM, rtxSsrcs[l], rtxPt, rtxSequence[l]);
            if (len > 0 && relay.transport.sendRtp(out.data, PacketBuffer.HEADROOM, len)) {
                retransmissionsSent++;
                stats.retransmissionSent();
            } else {
                stats.retransmissionMissed();
            }
        } finally {
            pool.release(out);
        }
    }

    /** The layer the other node wants a keyframe of ({@code mediaSsrc} on the link), or null. */
    ProducerLayer keyframeLayer(long mediaSsrc) {
        int l = layerOf(mediaSsrc);
        if (l < 0 || closed || !producer.isVideo()) return null;
        return producer.layers[l];
    }

    /**
     * The publisher's Sender Report for a layer, passed on as it arrived (its NTP/RTP pair is the publisher's clock
     * mapping, which the other node's subscribers need for lip sync), on the layer's link SSRC. Sent at once, so its
     * age on arrival there is the link's delay.
     */
    void forwardSenderReport(ProducerLayer layer, long ntp, long rtp, long packets, long octets, byte[] scratch) {
        if (closed || !relay.transport.isConnected()) return;
        int off = PacketBuffer.HEADROOM;
        int len = io.patchbay.media.packet.rtcp.SenderReport.write(scratch, off, ssrcs[layer.index], ntp, rtp, packets,
                octets, null, 0);
        if (len > 0) relay.transport.sendRtcp(scratch, off, len);
    }

    /** Stops for good and frees the link's SRTP state for this track's SSRCs. */
    void close() {
        if (closed) return;
        closed = true;
        for (int i = 0; i < ssrcs.length; i++) {
            relay.transport.releaseSendSsrc(ssrcs[i]);
            if (rtxSsrcs[i] != 0) relay.transport.releaseSendSsrc(rtxSsrcs[i]);
        }
    }

    private static void writeSsrc(byte[] b, int off, long ssrc) {
        b[off + 8] = (byte) (ssrc >>> 24);
        b[off + 9] = (byte) (ssrc >>> 16);
        b[off + 10] = (byte) (ssrc >>> 8);
        b[off + 11] = (byte) ssrc;
    }
}
