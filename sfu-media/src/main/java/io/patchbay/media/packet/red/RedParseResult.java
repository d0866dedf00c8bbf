package io.patchbay.media.packet.red;

/** Why {@link RedPacket#parse} accepted or rejected a RED payload; callers count drops by this reason. */
public enum RedParseResult {
    OK,
    /** {@code off}/{@code len} do not describe a region of the array (a caller bug, reported instead of thrown). */
    BAD_BOUNDS,
    /** No bytes at all: not even the primary's one-byte header. */
    EMPTY,
    /** The block headers run past the end of the payload (no header with F=0 before the end). */
    TRUNCATED_HEADERS,
    /** The redundant blocks' lengths add up to more than the bytes after the headers. */
    BLOCK_LENGTH_OVERFLOW,
    /** More than {@link RedPacket#MAX_REDUNDANT_BLOCKS} redundant blocks. */
    TOO_MANY_BLOCKS
}
