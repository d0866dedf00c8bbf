package io.patchbay.load.peer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Everything the test publisher sent, by kind and index, so receivers can compare byte for byte. */
public final class SentLog {
    /** One sent packet as it was before SRTP. */
    public record SentPacket(MediaKind kind, int index, int sequenceNumber, long timestamp, boolean marker,
                             int audioLevel, byte[] payload, long sendNanos) { }

    private final Map<MediaKind, Map<Integer, SentPacket>> byKind = new EnumMap<>(MediaKind.class);

    SentLog() {
        for (MediaKind k : MediaKind.values()) {
            byKind.put(k, new ConcurrentHashMap<>());
        }
    }

    void add(SentPacket p) {
        byKind.get(p.kind()).put(p.index(), p);
    }

    public SentPacket get(MediaKind kind, int index) {
        return byKind.get(kind).get(index);
    }

    public int count(MediaKind kind) {
        return byKind.get(kind).size();
    }
}
