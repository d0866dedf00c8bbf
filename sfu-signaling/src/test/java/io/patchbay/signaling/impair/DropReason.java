package io.patchbay.signaling.impair;

/** Why the relay dropped a datagram. */
public enum DropReason {
    /** Random loss drawn from the link's seeded generator. */
    LOSS,
    /** The bandwidth cap's drop-tail queue was full (the packet would have waited longer than its queue time). */
    QUEUE,
    /** The relay's bound on packets waiting to be sent was reached. */
    OVERFLOW,
    /** The relay's bound on client mappings was reached (uplink only). */
    NO_MAPPING
}
