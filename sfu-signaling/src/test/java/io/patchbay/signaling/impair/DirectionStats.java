package io.patchbay.signaling.impair;

/**
 * Counters of one direction at one moment. Every received datagram ends up exactly once in {@code delivered},
 * {@code sendErrors}, one of the drops, or is still pending (waiting for its send time).
 *
 * @param received         datagrams received from the sender side
 * @param receivedBytes    their UDP payload bytes
 * @param unimpaired       of those, datagrams outside the profile's scope (e.g. STUN, DTLS) that passed at once
 * @param droppedLoss      dropped by random loss
 * @param droppedQueue     dropped because the bandwidth cap's queue was full
 * @param droppedOverflow  dropped because the relay's bound on pending packets was reached
 * @param droppedNoMapping dropped because the relay's bound on client mappings was reached
 * @param delivered        datagrams sent on to the other side
 * @param deliveredBytes   their UDP payload bytes
 * @param sendErrors       sends that failed (e.g. the mapping was closed meanwhile)
 */
public record DirectionStats(
        long received,
        long receivedBytes,
        long unimpaired,
        long droppedLoss,
        long droppedQueue,
        long droppedOverflow,
        long droppedNoMapping,
        long delivered,
        long deliveredBytes,
        long sendErrors) {

    /** All drops, whatever the reason. */
    public long dropped() {
        return droppedLoss + droppedQueue + droppedOverflow + droppedNoMapping;
    }

    /** Received datagrams neither delivered, dropped nor failed yet: they wait for their send time. */
    public long pending() {
        return received - delivered - dropped() - sendErrors;
    }

    /** The count for one drop reason. */
    public long dropped(DropReason reason) {
        return switch (reason) {
            case LOSS -> droppedLoss;
            case QUEUE -> droppedQueue;
            case OVERFLOW -> droppedOverflow;
            case NO_MAPPING -> droppedNoMapping;
        };
    }
}
