package io.patchbay.signaling.cluster;

/**
 * What a node carries now, as placement weighs it.
 *
 * @param participants         participants whose media this node terminates
 * @param participantCapacity  its {@code limits.participants}
 * @param rooms                rooms it owns
 * @param packetsForwardedPerSecond forwarded RTP packets per second over the last second
 * @param cpuLoad              its media workers' share of the machine's CPU over the last second, 0 to 1 (-1 unknown)
 */
public record NodeLoad(int participants, int participantCapacity, int rooms, long packetsForwardedPerSecond,
                       double cpuLoad) {
    /** Below this CPU share a node has headroom and participants decide; above it the hot node is avoided. */
    public static final double CPU_HOT = 0.7;

    /**
     * The fuller of participant slots and CPU, 0 (idle) to 1 (full): a node is as loaded as its scarcest resource.
     * CPU counts only once it is hot ({@link #CPU_HOT}): below that its second-to-second noise would outweigh the
     * participants. Forwarded packets show in the CPU share; they are published for operators.
     */
    public double score() {
        double slots = participantCapacity <= 0 ? 1 : (double) participants / participantCapacity;
        return Math.max(slots, cpuLoad >= CPU_HOT ? cpuLoad : 0);
    }

    public boolean full() {
        return participants >= participantCapacity;
    }
}
