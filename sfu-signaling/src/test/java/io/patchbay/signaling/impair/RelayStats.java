package io.patchbay.signaling.impair;

/**
 * A snapshot of a relay's counters.
 *
 * @param uplink          client to server
 * @param downlink        server to client
 * @param activeMappings  client mappings open now
 * @param mappingsOpened  client mappings opened since start
 * @param mappingsExpired client mappings closed for being idle
 */
public record RelayStats(
        DirectionStats uplink,
        DirectionStats downlink,
        int activeMappings,
        long mappingsOpened,
        long mappingsExpired) {

    public DirectionStats of(Direction direction) {
        return direction == Direction.UPLINK ? uplink : downlink;
    }
}
