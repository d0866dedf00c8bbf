package io.patchbay.signaling.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a new room goes: the active, not full node with the lowest load score (its scarcest resource, participant
 * slots or CPU), then the fewest participants, then the lowest id, so that nodes deciding with the same view agree.
 * Pure: the cluster view is passed in.
 */
public final class PlacementPolicy {
    static final Comparator<NodeInfo> LEAST_LOADED = Comparator
            .comparingDouble((NodeInfo n) -> n.load().score())
            .thenComparingInt(n -> n.load().participants())
            .thenComparing(NodeInfo::id);

    private PlacementPolicy() {
    }

    public static Optional<NodeInfo> choose(List<NodeInfo> nodes) {
        return nodes.stream()
                .filter(n -> n.state() == NodeState.ACTIVE && !n.load().full())
                .min(LEAST_LOADED);
    }
}
