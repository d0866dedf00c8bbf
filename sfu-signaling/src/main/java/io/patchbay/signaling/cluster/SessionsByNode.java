package io.patchbay.signaling.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sessions grouped by the other node they depend on (an edge's sockets by the room's node, a host's participants by
 * the socket's node), so that a node leaving finds its sessions at once. Event-loop thread only, except
 * {@link #count()}, which the metrics read from any thread.
 */
final class SessionsByNode<T> {
    private final Map<String, Set<T>> byNode = new HashMap<>();
    private volatile int count;

    void add(String node, T session) {
        if (byNode.computeIfAbsent(node, k -> new HashSet<>()).add(session)) count++;
    }

    void remove(String node, T session) {
        Set<T> set = byNode.get(node);
        if (set == null || !set.remove(session)) return;
        if (set.isEmpty()) byNode.remove(node);
        count--;
    }

    /** Removes and returns every session of {@code node}. */
    List<T> removeNode(String node) {
        Set<T> set = byNode.remove(node);
        if (set == null) return List.of();
        count -= set.size();
        return new ArrayList<>(set);
    }

    /** Removes and returns every session. */
    List<T> removeAll() {
        List<T> all = new ArrayList<>();
        byNode.values().forEach(all::addAll);
        byNode.clear();
        count = 0;
        return all;
    }

    int count() {
        return count;
    }
}
