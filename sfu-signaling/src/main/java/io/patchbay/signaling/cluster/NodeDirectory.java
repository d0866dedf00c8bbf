package io.patchbay.signaling.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The cluster's nodes: each publishes its {@link NodeInfo} to a shared map every second; a node is listed while it is
 * a Hazelcast member (a dead one drops out when Hazelcast removes it, within its heartbeat timeout).
 */
public final class NodeDirectory implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeDirectory.class.getName());
    static final String MAP = "patchbay.nodes";
    /** Where vertx-hazelcast keeps a member's Vert.x node id (HazelcastClusterManager.NODE_ID_ATTRIBUTE). */
    static final String VERTX_NODE_ID_ATTRIBUTE = "__vertx.nodeId";
    static final long PUBLISH_INTERVAL_MS = 1000;
    /** A node that stopped publishing (but is still a member) vanishes from the map after this. */
    static final long ENTRY_TTL_MS = 10_000;

    private final HazelcastClusterManager manager;
    private final Context context;
    private final Supplier<NodeInfo> self;
    private final List<Consumer<String>> leftListeners = new CopyOnWriteArrayList<>();
    private AsyncMap<String, JsonObject> map;
    private long timer = -1;
    private UUID membershipRegistration;

    public NodeDirectory(HazelcastClusterManager manager, Context context, Supplier<NodeInfo> self) {
        this.manager = manager;
        this.context = context;
        this.self = self;
    }

    /** Publishes this node now and then every second; completes once it is listed. */
    public Future<Void> start() {
        membershipRegistration = manager.getHazelcastInstance().getCluster().addMembershipListener(
                new MembershipListener() {
                    @Override
                    public void memberAdded(MembershipEvent e) {
                        context.runOnContext(v -> LOG.info("cluster: node " + nodeId(e.getMember()) + " at "
                                + e.getMember().getAddress() + " joined (" + e.getMembers().size() + " nodes)"));
                    }

                    @Override
                    public void memberRemoved(MembershipEvent e) {
                        String id = nodeId(e.getMember());
                        context.runOnContext(v -> onNodeLeft(id, e.getMembers().size()));
                    }
                });
        return context.owner().sharedData().<String, JsonObject>getAsyncMap(MAP).compose(m -> {
            map = m;
            timer = context.owner().setPeriodic(PUBLISH_INTERVAL_MS, id -> publish());
            return publish();
        });
    }

    /** The Vert.x node id of a Hazelcast member (Vert.x keeps it in a member attribute; it is not the member UUID). */
    static String nodeId(com.hazelcast.cluster.Member member) {
        String id = member.getAttribute(VERTX_NODE_ID_ATTRIBUTE);
        return id != null ? id : member.getUuid().toString();
    }

    public String selfId() {
        return manager.getNodeId();
    }

    /** Runs (on the event loop) with the id of each node that leaves the cluster, dead or shut down. */
    public void onNodeLeft(Consumer<String> listener) {
        leftListeners.add(listener);
    }

    private void onNodeLeft(String id, int remaining) {
        LOG.warning("cluster: node " + id + " left (" + remaining + " nodes)");
        if (map != null) map.remove(id);
        for (Consumer<String> l : leftListeners) {
            try {
                l.accept(id);
            } catch (RuntimeException e) {
                LOG.warning("cluster: node-left handler failed: " + e);
            }
        }
    }

    /**
     * Publishes this node now (the server calls it once its HTTP port listens). Not before its HTTP URL is known: the
     * others would forward REST calls to nowhere.
     */
    public Future<Void> publish() {
        NodeInfo info = self.get();
        if (info.httpUrl() == null) return Future.succeededFuture();
        return map.put(info.id(), info.toJson(), ENTRY_TTL_MS)
                .onFailure(e -> LOG.fine(() -> "cluster: publishing this node failed: " + e));
    }

    /** Members now (any thread). */
    public int memberCount() {
        return manager.getNodes().size();
    }

    /** Whether {@code nodeId} is a member now. */
    public boolean isMember(String nodeId) {
        return manager.getNodes().contains(nodeId);
    }

    /** The live nodes, by id; this node with its freshest state. */
    public Future<List<NodeInfo>> nodes() {
        Set<String> members = new HashSet<>(manager.getNodes());
        return map.entries().map(entries -> {
            List<NodeInfo> out = new ArrayList<>();
            for (var e : entries.entrySet()) {
                if (!members.contains(e.getKey())) continue;
                out.add(e.getKey().equals(selfId()) ? self.get() : NodeInfo.fromJson(e.getValue()));
            }
            if (out.stream().noneMatch(n -> n.id().equals(selfId()))) out.add(self.get());
            out.sort(java.util.Comparator.comparing(NodeInfo::id));
            return out;
        });
    }

    /** One node, if it is a member and has published. */
    public Future<java.util.Optional<NodeInfo>> node(String nodeId) {
        if (nodeId.equals(selfId())) return Future.succeededFuture(java.util.Optional.of(self.get()));
        if (!isMember(nodeId)) return Future.succeededFuture(java.util.Optional.empty());
        return map.get(nodeId).map(j -> java.util.Optional.ofNullable(j).map(NodeInfo::fromJson));
    }

    @Override
    public void close() {
        if (timer >= 0) context.owner().cancelTimer(timer);
        if (membershipRegistration != null) {
            try {
                manager.getHazelcastInstance().getCluster().removeMembershipListener(membershipRegistration);
            } catch (RuntimeException ignored) {
                // Hazelcast already shut down
            }
        }
    }
}
