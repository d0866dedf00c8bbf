package io.patchbay.media.forward;

import io.patchbay.core.room.TrackKind;
import java.util.List;

/**
 * One participant's media statistics, computed on the media thread (see {@link Router#participantStats}).
 *
 * @param publisherRttMs   RTT on the publisher connection (or its sibling's), -1 if unknown
 * @param subscriberRttMs  RTT on the subscriber connection from RTCP, -1 if unknown
 * @param estimatedBandwidthBps the server's estimate of the path toward this subscriber (from its TWCC feedback),
 *                         -1 until feedback arrived
 * @param published        the participant's incoming tracks
 * @param received         what the server sends this participant, per remote track
 */
public record MediaStatsSnapshot(long publisherRttMs, long subscriberRttMs, long estimatedBandwidthBps,
                                 long acknowledgedBitrateBps, double subscriberLossFraction, List<Inbound> published, List<Outbound> received) {

    /** A track the participant publishes, as the server receives it. */
    public record Inbound(String trackId, TrackKind kind, long packets, long bytes, long packetsLost,
                          long bitrateBps, long nacksSent, long retransmissionsReceived, long keyframeRequestsSent,
                          long redPacketsReceived) {
    }

    /**
     * A remote track the server forwards to the participant.
     *
     * @param layer         the rid of the simulcast layer being forwarded, or null (no simulcast, or none yet)
     * @param layerHeight   that layer's picture height in lines, 0 if unknown
     * @param layerSwitches how many times the forwarded layer changed
     * @param spatialLayer  the SVC spatial layer forwarded (the highest), or -1 (no SVC, or none yet)
     * @param temporalLayer the highest temporal layer forwarded, or -1 when the stream has no temporal layers
     * @param ssrc          the SSRC the subscriber receives this track on
     * @param mid           the m-section (BUNDLE mid) the packets carry
     */
    public record Outbound(String trackId, TrackKind kind, long packets, long bytes, long bitrateBps,
                           long nacksReceived, long retransmissionsSent, long keyframeRequestsReceived,
                           String layer, int layerHeight, long layerSwitches, int spatialLayer, int temporalLayer,
                           long ssrc, String mid) {
    }
}
