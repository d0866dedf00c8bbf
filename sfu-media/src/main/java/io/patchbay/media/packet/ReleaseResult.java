package io.patchbay.media.packet;

/** Outcome of {@link PacketBufferPool#release}; anything but {@link #RELEASED} is a bug in the caller. */
public enum ReleaseResult {
    RELEASED,
    /** Null was passed. */
    NULL_BUFFER,
    /** The buffer was already back in the pool (released twice); it was not added again. */
    DOUBLE_RELEASE,
    /** The buffer was created by another pool, or standalone. */
    FOREIGN_BUFFER
}
