package io.patchbay.media.forward;

import io.patchbay.media.codec.DependencyDescriptor;
import io.patchbay.media.codec.DependencyStructure;

/**
 * Where a video packet sits in its stream's layer structure, as its codec's payload header says (VP8 RFC 7741, VP9
 * RFC 9628) or its Dependency Descriptor (AV1 RTP specification, appendix A): filled once per packet by
 * {@link Producer}, read by every consumer's {@link Forwarder}. -1 / false / null where nothing says (H264, audio).
 * Reused; valid during one packet.
 */
final class FrameInfo {
    /** TID, or -1 without temporal layers. */
    int temporalId;
    /** SID of an SVC stream (VP9 with layer indices), or -1. */
    int spatialId;
    /** The first packet of a picture: where a forwarder may change the temporal layer it sends. */
    boolean pictureStart;
    /** From here on the stream can go up to this packet's temporal layer (VP8 Y, VP9 U). */
    boolean switchingPoint;
    /** The last packet of its spatial layer's frame (VP9 E). */
    boolean endOfLayerFrame;
    /** A picture predicted from earlier pictures (not a key picture; VP9 P). */
    boolean interPicture;
    /**
     * K-SVC (Chrome's L2T3_KEY, L3T3_KEY): the spatial layers of a delta picture do not depend on each other, so a
     * subscriber needs only its own layer between key pictures. Learned from the stream by the producer.
     */
    boolean independentSpatialLayers;
    /**
     * The packet's parsed Dependency Descriptor and the stream's current structure, or null: with them the forwarder
     * chooses a decode target instead of reading layer ids.
     */
    DependencyDescriptor dependency;
    DependencyStructure structure;

    void clear() {
        temporalId = -1;
        spatialId = -1;
        pictureStart = false;
        switchingPoint = false;
        endOfLayerFrame = false;
        interPicture = false;
        independentSpatialLayers = false;
        dependency = null;
        structure = null;
    }

    static FrameInfo none() {
        FrameInfo f = new FrameInfo();
        f.clear();
        return f;
    }
}
