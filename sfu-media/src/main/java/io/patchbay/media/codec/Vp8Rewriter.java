package io.patchbay.media.codec;

import io.patchbay.media.util.DroppedPositions;

/**
 * Keeps one subscriber stream's VP8 PictureID, TL0PICIDX and KEYIDX continuous while its source changes (a simulcast
 * layer switch, a publisher restart): the VP8 counterpart of the sequence number and timestamp rewriting. Pure
 * decision code: {@link #rewrite} computes a packet's output values from its parsed descriptor and remembers them;
 * {@link #writeTo} then writes them into the caller's copy of the payload. No time, no allocation. Not thread-safe:
 * called by the media thread that owns the subscriber stream.
 *
 * <p>Packets come in runs: {@link #rebase} says the next packet starts a new run from a new source (it should start a
 * key frame). The first picture of a run gets the last output PictureID + 1, TL0PICIDX + 1 and KEYIDX + 1 (mod 32);
 * the rest of the run keeps its source's distances (a lost picture stays a gap, so the receiver still sees the loss),
 * and every packet of one picture gets the same output id, in whatever order the packets arrive. A packet of a
 * picture older than the run's first is {@link Vp8RewriteResult#DROP_BEFORE_RUN_START}: its id would repeat one
 * already sent for the previous source. The very first run passes the source values through unchanged.
 *
 * <p>PictureID width: each packet is written back with its own width (7 or 15 bits, the M bit is never changed).
 * Internally ids are unwrapped per run (7-bit sources across their wrap at 128, 15-bit ones at 2^15) and mapped in
 * 15-bit space, then masked to the packet's width. So when the width changes between runs, the low 7 bits still
 * continue by exactly one: a receiver reading either width sees last + 1. A width change inside a run (no browser
 * does this) starts a new run at that packet, as if {@link #rebase} had been called, since the two widths share no
 * common unwrapping. TL0PICIDX (8 bits) and KEYIDX (5 bits) are mapped with their own offsets, each started by the
 * first packet of a run that carries the field.
 *
 * <p>Pictures the forwarder drops on purpose (a temporal layer above what the subscriber receives) are
 * {@link #drop}ped: the PictureIDs after them close up, as libwebrtc's receiver waits for every missing PictureID
 * between a frame and the one it references before decoding it. TL0PICIDX needs nothing: base-layer pictures are
 * never dropped this way.
 */
public final class Vp8Rewriter {
    private static final int PICTURE_ID_MASK = Vp8PayloadDescriptor.MAX_PICTURE_ID_15;

    private boolean rebasePending = true;

    private boolean pictureRunStarted;
    private int runWidth;
    private long runFirstSource;
    private long highestSource;
    private int pictureOffset;
    private boolean anyPictureOut;
    private int highestPictureOut;
    /** Pictures of this run dropped on purpose, by unwrapped source PictureID. */
    private final DroppedPositions droppedPictures = new DroppedPositions();

    private boolean tl0RunStarted;
    private int tl0Offset;
    private boolean anyTl0Out;
    private int highestTl0Out;

    private boolean keyIdxRunStarted;
    private int keyIdxOffset;
    private boolean anyKeyIdxOut;
    private int highestKeyIdxOut;

    private int outPictureId = -1;
    private int outPictureIdBits;
    private int outTl0PicIdx = -1;
    private int outKeyIdx = -1;

    /** The next packet starts a new run (layer switch, publisher restart): continue after the last values sent. */
    public void rebase() {
        rebasePending = true;
    }

    /**
     * Computes the output values for a parsed packet of the current source and makes them the current result. On
     * {@link Vp8RewriteResult#DROP_BEFORE_RUN_START} nothing changes (the previous result stays).
     */
    public Vp8RewriteResult rewrite(Vp8PayloadDescriptor d) {
        if (rebasePending) {
            rebasePending = false;
            pictureRunStarted = false;
            tl0RunStarted = false;
            keyIdxRunStarted = false;
        }
        int pictureOut = -1;
        if (d.hasPictureId()) {
            int width = d.pictureIdBits();
            int source = d.pictureId();
            long unwrapped;
            if (!pictureRunStarted || width != runWidth) {
                pictureOffset = anyPictureOut ? (highestPictureOut + 1 - source) & PICTURE_ID_MASK : 0;
                runWidth = width;
                runFirstSource = source;
                highestSource = source;
                unwrapped = source;
                pictureRunStarted = true;
                droppedPictures.reset();
            } else {
                unwrapped = highestSource + signed(source - (int) highestSource, width);
                if (unwrapped < runFirstSource) {
                    return Vp8RewriteResult.DROP_BEFORE_RUN_START;
                }
                if (unwrapped > highestSource) {
                    highestSource = unwrapped;
                }
            }
            droppedPictures.seen(unwrapped);
            int out15 = (int) (unwrapped + pictureOffset - droppedPictures.dropsBefore(unwrapped)) & PICTURE_ID_MASK;
            if (!anyPictureOut || signed(out15 - highestPictureOut, 15) > 0) {
                highestPictureOut = out15;
            }
            anyPictureOut = true;
            pictureOut = width == 7 ? out15 & Vp8PayloadDescriptor.MAX_PICTURE_ID_7 : out15;
        }
        outPictureId = pictureOut;
        outPictureIdBits = d.pictureIdBits();
        outTl0PicIdx = -1;
        if (d.hasTl0PicIdx()) {
            int source = d.tl0PicIdx();
            if (!tl0RunStarted) {
                tl0Offset = anyTl0Out ? (highestTl0Out + 1 - source) & 0xFF : 0;
                tl0RunStarted = true;
            }
            outTl0PicIdx = (source + tl0Offset) & 0xFF;
            if (!anyTl0Out || signed(outTl0PicIdx - highestTl0Out, 8) > 0) {
                highestTl0Out = outTl0PicIdx;
            }
            anyTl0Out = true;
        }
        outKeyIdx = -1;
        if (d.hasKeyIdx()) {
            int source = d.keyIdx();
            if (!keyIdxRunStarted) {
                keyIdxOffset = anyKeyIdxOut ? (highestKeyIdxOut + 1 - source) & 0x1F : 0;
                keyIdxRunStarted = true;
            }
            outKeyIdx = (source + keyIdxOffset) & 0x1F;
            if (!anyKeyIdxOut || signed(outKeyIdx - highestKeyIdxOut, 5) > 0) {
                highestKeyIdxOut = outKeyIdx;
            }
            anyKeyIdxOut = true;
        }
        return Vp8RewriteResult.FORWARD;
    }

    /**
     * A packet of this run that will not be sent, because its picture is dropped: the pictures after it take its
     * PictureID. Call it for every packet of the picture (the picture counts once). Nothing to do before a run's
     * first picture, or for a packet without a PictureID or of another width (no browser changes width inside a run).
     */
    public void drop(Vp8PayloadDescriptor d) {
        if (rebasePending || !pictureRunStarted || !d.hasPictureId() || d.pictureIdBits() != runWidth) return;
        long unwrapped = highestSource + signed(d.pictureId() - (int) highestSource, runWidth);
        if (unwrapped < runFirstSource) return;
        if (droppedPictures.drop(unwrapped)) highestSource = unwrapped;
    }

    /** Sign-extends the low {@code bits} bits of {@code delta}: the shortest distance on a circle of 2^bits. */
    private static int signed(int delta, int bits) {
        return delta << (32 - bits) >> (32 - bits);
    }

    /**
     * Writes the last {@link Vp8RewriteResult#FORWARD}ed packet's output values into the descriptor at
     * {@code buf[off]}: that packet's payload, or the subscriber's copy of it (same descriptor layout).
     */
    public void writeTo(byte[] buf, int off) {
        if (outPictureId >= 0) {
            Vp8PayloadDescriptor.writePictureId(buf, off, outPictureId);
        }
        if (outTl0PicIdx >= 0) {
            Vp8PayloadDescriptor.writeTl0PicIdx(buf, off, outTl0PicIdx);
        }
        if (outKeyIdx >= 0) {
            Vp8PayloadDescriptor.writeKeyIdx(buf, off, outKeyIdx);
        }
    }

    /** Output PictureID of the last forwarded packet, in that packet's width; -1 when it had none. */
    public int pictureId() {
        return outPictureId;
    }

    /** Width of {@link #pictureId()}: 7 or 15, 0 when the packet had no PictureID. */
    public int pictureIdBits() {
        return outPictureIdBits;
    }

    /** Output TL0PICIDX of the last forwarded packet; -1 when it had none. */
    public int tl0PicIdx() {
        return outTl0PicIdx;
    }

    /** Output KEYIDX of the last forwarded packet; -1 when it had none. */
    public int keyIdx() {
        return outKeyIdx;
    }
}
