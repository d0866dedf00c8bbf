package io.patchbay.signaling.impair;

/** Which way a datagram travels through the relay. */
public enum Direction {
    /** Client to server. */
    UPLINK,
    /** Server to client. */
    DOWNLINK
}
