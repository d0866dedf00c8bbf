package io.patchbay.media.forward;

import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.SequenceNumberUnwrapper;
import io.patchbay.media.stream.NackGenerator;
import io.patchbay.media.stream.ReceiveStatistics;
import io.patchbay.media.stream.RetransmissionCache;
import java.nio.charset.StandardCharsets;

/**
 * One RTP stream of a producer: the only one without simulcast, one encoding (RFC 8853) with it. Each has its own
 * SSRC, sequence space, receive statistics, retransmission cache, NACK state and keyframe requests (a PLI names one
 * SSRC). Media-thread only.
 */
final class ProducerLayer {
    /** A layer with no packet for this long is taken as stopped (the publisher's encoder paused it). */
    static final long INACTIVE_AFTER_NANOS = 1_000_000_000L;

    final Producer producer;
    final int index;
    /** The encoding's rid, or null without simulcast. */
    final String rid;
    final byte[] ridBytes;
    final ReceiveStatistics receiveStats;
    final RetransmissionCache cache;
    final NackGenerator nacks;
    final KeyframeRequester keyframes = new KeyframeRequester();
    final SequenceNumberUnwrapper sequence = new SequenceNumberUnwrapper();
    final RateMeter rate = new RateMeter();
    /** Bytes and frames per temporal (and SVC spatial) layer inside this stream. */
    final LayerRates rates = new LayerRates();

    long ssrc;
    boolean ssrcKnown;
    long rtxSsrc;
    boolean rtxSsrcKnown;
    /**
     * A keyframe is needed and not yet asked for (the uplink lost more than NACKs can repair, a request fell inside
     * the throttle interval, a path changed): the router's tick asks; a keyframe arriving clears it.
     */
    boolean keyframeWanted;
    long nextEvictionNanos;
    /** Picture height in lines from the last keyframe that carried it, or 0 while unknown. */
    int heightLines;
    long lastPacketNanos;
    /** The bitrate last measured while the layer was being sent: what it costs if the publisher turns it back on. */
    long bitrateWhenActiveBps;
    /** The last {@link #PEAK_SAMPLES} one-second bitrates, for {@link #peakBitrateBps}. */
    private final long[] recentBps = new long[PEAK_SAMPLES];
    private int recentIndex;
    static final int PEAK_SAMPLES = 4;
    boolean receivedAny;
    long rtxReceived;
    long keyframeRequestsSent;

    /** Last Sender Report for this SSRC: NTP, RTP, and when it arrived (media clock). */
    boolean haveSenderReport;
    long srNtp;
    long srRtpTimestamp;
    long srArrivalNanos;

    ProducerLayer(Producer producer, int index, String rid, long ssrc, long rtxSsrc, boolean video, boolean nack,
                  PacketBufferPool pool) {
        this.producer = producer;
        this.index = index;
        this.rid = rid;
        this.ridBytes = rid == null ? new byte[0] : rid.getBytes(StandardCharsets.US_ASCII);
        this.receiveStats = new ReceiveStatistics(producer.clockRateHz);
        this.cache = video ? new RetransmissionCache(pool) : null;
        this.nacks = video && nack ? new NackGenerator() : null;
        if (ssrc != 0) {
            this.ssrc = ssrc;
            this.ssrcKnown = true;
        }
        if (rtxSsrc != 0) {
            this.rtxSsrc = rtxSsrc;
            this.rtxSsrcKnown = true;
        }
    }

    /** Samples the layer's bitrate (about once a second). */
    void sampleRate(long nowNanos) {
        rate.sample(receiveStats.bytesReceived(), nowNanos);
        rates.sample(nowNanos);
        recentBps[recentIndex] = rate.bitrateBps();
        recentIndex = (recentIndex + 1) % PEAK_SAMPLES;
        if (isActive(nowNanos) && rate.bitrateBps() > 0) bitrateWhenActiveBps = peakBitrateBps();
    }

    /**
     * The highest one-second bitrate of the last few seconds: what the layer costs a subscriber's link. An encoder's
     * rate varies (keyframes, the publisher's own estimate ramping up); taking the mean would move subscribers up
     * onto a layer that does not fit the moment it peaks.
     */
    long peakBitrateBps() {
        long peak = 0;
        for (long bps : recentBps) peak = Math.max(peak, bps);
        return peak;
    }

    /** Received a packet within {@link #INACTIVE_AFTER_NANOS}. */
    boolean isActive(long nowNanos) {
        return receivedAny && nowNanos - lastPacketNanos < INACTIVE_AFTER_NANOS;
    }

    boolean ridEquals(byte[] buf, int off, int len) {
        return ridBytes.length == len && java.util.Arrays.equals(ridBytes, 0, len, buf, off, off + len);
    }

    void close() {
        if (cache != null) cache.close();
        if (ssrcKnown) producer.publisher.transport.releaseReceiveSsrc(ssrc);
        if (rtxSsrcKnown) producer.publisher.transport.releaseReceiveSsrc(rtxSsrc);
    }
}
