package io.patchbay.media.codec;

/** What {@link Vp8Rewriter#rewrite} decided for a packet; callers count drops by this reason. */
public enum Vp8RewriteResult {
    /** Forward with the rewriter's output values ({@link Vp8Rewriter#writeTo}). */
    FORWARD,
    /**
     * The packet's picture is older than the first picture of the current run: it arrived late from before the switch
     * point, and its output id would repeat one already sent for the previous source.
     */
    DROP_BEFORE_RUN_START
}
