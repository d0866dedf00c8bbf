package io.patchbay.media.codec;

/**
 * The VP8 values a subscriber saw for one packet (PictureID, TL0PICIDX, KEYIDX) packed in a long, so that a
 * retransmission of that packet, read from the publisher's cache, can carry the same rewritten values. Each field is
 * stored plus one so that "absent" (-1) packs as 0. {@link #NONE} means nothing to write.
 */
public final class Vp8OutputTag {
    public static final long NONE = -1;

    private Vp8OutputTag() {
    }

    /** The last output of {@code rewriter}. */
    public static long of(Vp8Rewriter rewriter) {
        return ((long) (rewriter.pictureId() + 1) << 16) | ((long) (rewriter.tl0PicIdx() + 1) << 6)
                | (rewriter.keyIdx() + 1);
    }

    /** Writes the packed values into the VP8 descriptor at {@code buf[off]} (parsed before, so its layout is known). */
    public static void write(long tag, byte[] buf, int off) {
        if (tag == NONE) return;
        int pictureId = (int) (tag >>> 16) - 1;
        int tl0 = (int) ((tag >>> 6) & 0x3FF) - 1;
        int keyIdx = (int) (tag & 0x3F) - 1;
        if (pictureId >= 0) Vp8PayloadDescriptor.writePictureId(buf, off, pictureId);
        if (tl0 >= 0) Vp8PayloadDescriptor.writeTl0PicIdx(buf, off, tl0);
        if (keyIdx >= 0) Vp8PayloadDescriptor.writeKeyIdx(buf, off, keyIdx);
    }
}
