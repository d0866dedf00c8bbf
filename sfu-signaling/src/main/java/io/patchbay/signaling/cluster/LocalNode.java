package io.patchbay.signaling.cluster;

import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * This node's {@link NodeInfo}, sampled when asked (once a second by {@link NodeDirectory}). Its CPU share is its media
 * workers' (where forwarding cost grows with load) over all the machine's cores: this node's own even when several
 * share a JVM.
 */
public final class LocalNode implements java.util.function.Supplier<NodeInfo> {
    private final String id;
    private final java.util.function.Supplier<String> httpUrl;
    private final String mediaAddress;
    private final IntSupplier participants;
    private final int participantCapacity;
    private final IntSupplier rooms;
    private final LongSupplier packetsForwarded;
    private final BooleanSupplier draining;
    private final LongSupplier mediaCpuNanos;
    private final int processors = Runtime.getRuntime().availableProcessors();
    private long lastPackets;
    private long lastCpuNanos;
    private double cpuLoad = -1;
    private long lastSampleNanos;
    private long packetsPerSecond;

    public LocalNode(String id, java.util.function.Supplier<String> httpUrl, String mediaAddress, IntSupplier participants, int participantCapacity,
                     IntSupplier rooms, LongSupplier packetsForwarded, LongSupplier mediaCpuNanos,
                     BooleanSupplier draining) {
        this.mediaCpuNanos = mediaCpuNanos;
        this.id = id;
        this.httpUrl = httpUrl;
        this.mediaAddress = mediaAddress;
        this.participants = participants;
        this.participantCapacity = participantCapacity;
        this.rooms = rooms;
        this.packetsForwarded = packetsForwarded;
        this.draining = draining;
        this.lastPackets = packetsForwarded.getAsLong();
        this.lastCpuNanos = mediaCpuNanos.getAsLong();
        this.lastSampleNanos = System.nanoTime();
    }

    @Override
    public synchronized NodeInfo get() {
        long now = System.nanoTime();
        long packets = packetsForwarded.getAsLong();
        // Rates over at least half a second: a listing between two samples keeps the last rate.
        if (now - lastSampleNanos >= 500_000_000L) {
            long cpuNanos = mediaCpuNanos.getAsLong();
            packetsPerSecond = (packets - lastPackets) * 1_000_000_000L / (now - lastSampleNanos);
            cpuLoad = cpuNanos < 0 || lastCpuNanos < 0 ? -1
                    : Math.min(1.0, (double) (cpuNanos - lastCpuNanos) / (now - lastSampleNanos) / processors);
            lastPackets = packets;
            lastCpuNanos = cpuNanos;
            lastSampleNanos = now;
        }
        double cpu = cpuLoad;
        return new NodeInfo(id, httpUrl.get(), mediaAddress, draining.getAsBoolean() ? NodeState.DRAINING : NodeState.ACTIVE,
                new NodeLoad(participants.getAsInt(), participantCapacity, rooms.getAsInt(), packetsPerSecond,
                        Double.isNaN(cpu) ? -1 : cpu),
                System.currentTimeMillis());
    }
}
