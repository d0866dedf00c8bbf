package io.patchbay.load.sfu;

import io.patchbay.load.client.ConnectionEvents;

/**
 * Moments of one participant's join over Patchbay's protocol, for the join-time benchmark; each may be reported more
 * than once (the listener keeps the earliest). Times are {@link System#nanoTime()}; calls come from the joining thread,
 * the WebSocket's thread and the offer pool, so implementations must be quick and thread-safe.
 */
public interface ParticipantEvents {
    /** Ignores everything (what the ramp scenarios use). */
    ParticipantEvents NONE = new ParticipantEvents() { };

    /** The WebSocket open is about to start (the origin of a join's timeline). */
    default void connecting(long nanos) {
    }

    /** The WebSocket is open. */
    default void webSocketOpen(long nanos) {
    }

    /** {@code joined} arrived. */
    default void joined(long nanos) {
    }

    /** The publisher offer is handed to the WebSocket. */
    default void publisherOfferSent(long nanos) {
    }

    /** The publisher {@code answer} arrived. */
    default void publisherAnswerReceived(long nanos) {
    }

    /** A subscriber {@code offer} arrived. */
    default void subscriberOfferReceived(long nanos) {
    }

    /** A subscriber answer is handed to the WebSocket. */
    default void subscriberAnswerSent(long nanos) {
    }

    /** What the publisher connection reports. */
    default ConnectionEvents publisher() {
        return ConnectionEvents.NONE;
    }

    /**
     * What the subscriber connection reports; unless it is {@link ConnectionEvents#NONE} the connection also watches
     * for each stream's first VP8 keyframe.
     */
    default ConnectionEvents subscriber() {
        return ConnectionEvents.NONE;
    }
}
