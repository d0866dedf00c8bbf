package io.patchbay.load.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Everything a subscriber received on one SSRC, in arrival order. Written by the socket reader thread. */
public final class ReceivedStream {
    /** One decrypted RTP packet. */
    public record ReceivedPacket(int sequenceNumber, long timestamp, int payloadType, boolean marker,
                                 Map<Integer, byte[]> extensions, byte[] payload, long arrivalNanos) { }

    private final long ssrc;
    private final List<ReceivedPacket> packets = new ArrayList<>();
    final AtomicLong senderReports = new AtomicLong();
    private volatile long firstSenderReportNanos;
    private volatile long firstPacketNanos;

    ReceivedStream(long ssrc) {
        this.ssrc = ssrc;
    }

    public long ssrc() {
        return ssrc;
    }

    synchronized void add(ReceivedPacket p) {
        if (packets.isEmpty()) {
            firstPacketNanos = p.arrivalNanos();
        }
        packets.add(p);
    }

    void onSenderReport(long nanos) {
        if (senderReports.getAndIncrement() == 0) {
            firstSenderReportNanos = nanos;
        }
    }

    public synchronized List<ReceivedPacket> packets() {
        return new ArrayList<>(packets);
    }

    public synchronized int size() {
        return packets.size();
    }

    public synchronized ReceivedPacket last() {
        return packets.isEmpty() ? null : packets.get(packets.size() - 1);
    }

    public long senderReports() {
        return senderReports.get();
    }

    /** System.nanoTime() of the first packet / first SR, or 0. */
    public long firstPacketNanos() {
        return firstPacketNanos;
    }

    public long firstSenderReportNanos() {
        return firstSenderReportNanos;
    }
}
