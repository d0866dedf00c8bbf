package io.patchbay.signaling.cluster;

import java.util.List;

/**
 * How this node finds the others (docs/operations.md, "Cluster"). Clustering is on when {@code members} names at least
 * one node (Hazelcast TCP-IP join) or {@code kubernetesServiceDns} names a headless Service (Hazelcast's Kubernetes
 * discovery by DNS lookup); otherwise Patchbay runs alone and no cluster code runs.
 *
 * @param members              Hazelcast addresses {@code host:port} of the nodes to join (this one may be listed too)
 * @param host                 the address this node's Hazelcast member and event bus bind to and advertise
 * @param port                 this node's Hazelcast port (TCP)
 * @param busPort              this node's clustered event bus port (TCP; 0 picks a free one, for tests)
 * @param kubernetesServiceDns a headless Service's DNS name whose addresses are the other nodes, or null
 * @param httpUrl              how the other nodes reach this node's HTTP API (REST calls for rooms it owns)
 * @param relayPort            this node's UDP port for media to and from other nodes (0 picks a free one, for tests)
 * @param media                where a participant's media is terminated
 * @param tlsCert              PEM certificate every node shares: the event bus (signaling between nodes and the
 *                             relays' SRTP keys) runs over TLS, each side required to present it; null: plain TCP
 * @param tlsKey               its PEM private key, or null
 */
public record ClusterSettings(List<String> members, String host, int port, int busPort, String kubernetesServiceDns,
                              String httpUrl, int relayPort, MediaPlacement media, String tlsCert, String tlsKey) {
    public static final int DEFAULT_PORT = 5701;
    public static final int DEFAULT_BUS_PORT = 5711;
    public static final int DEFAULT_RELAY_PORT = 5721;

    /** Which node terminates a participant's media (docs/operations.md, "Cluster"). */
    public enum MediaPlacement {
        /** The room's owner; a full owner hands the participant to the node its socket is on (overflow). */
        OWNER,
        /** Always the node its socket is on: a room with sockets on several nodes spans them. */
        EDGE;

        public static MediaPlacement fromConfig(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "owner" -> OWNER;
                case "edge" -> EDGE;
                default -> throw new IllegalArgumentException("cluster.media must be owner or edge, not '" + value + "'");
            };
        }
    }

    /** Media on the room's owner, relay port {@value #DEFAULT_RELAY_PORT}, no TLS. */
    public ClusterSettings(List<String> members, String host, int port, int busPort, String kubernetesServiceDns,
                           String httpUrl) {
        this(members, host, port, busPort, kubernetesServiceDns, httpUrl, DEFAULT_RELAY_PORT, MediaPlacement.OWNER);
    }

    /** No TLS on the event bus. */
    public ClusterSettings(List<String> members, String host, int port, int busPort, String kubernetesServiceDns,
                           String httpUrl, int relayPort, MediaPlacement media) {
        this(members, host, port, busPort, kubernetesServiceDns, httpUrl, relayPort, media, null, null);
    }

    /** Whether the event bus runs over TLS. */
    public boolean tls() {
        return tlsCert != null;
    }

    public ClusterSettings {
        members = List.copyOf(members);
        for (String m : members) parseMember(m);
        if (host == null || host.isBlank()) throw new IllegalArgumentException("cluster.host must be an address");
        checkPort("cluster.port", port, false);
        checkPort("cluster.bus-port", busPort, true);
        checkPort("cluster.relay-port", relayPort, true);
        java.util.Objects.requireNonNull(media, "media");
        if (tlsCert != null && tlsCert.isBlank()) tlsCert = null;
        if (tlsKey != null && tlsKey.isBlank()) tlsKey = null;
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("cluster.tls-cert and cluster.tls-key go together");
        }
        if (kubernetesServiceDns != null && kubernetesServiceDns.isBlank()) kubernetesServiceDns = null;
        if (kubernetesServiceDns != null && !members.isEmpty()) {
            throw new IllegalArgumentException("cluster.members and cluster.kubernetes-service-dns exclude each other");
        }
    }

    /** Whether this node joins a cluster at all. */
    public boolean enabled() {
        return !members.isEmpty() || kubernetesServiceDns != null;
    }

    /** A member address as Hazelcast takes it; ranges ({@code 5701-5703}) are refused since Hazelcast rejects them. */
    static String parseMember(String member) {
        int colon = member.lastIndexOf(':');
        if (member.isBlank() || colon == 0 || colon == member.length() - 1) {
            throw new IllegalArgumentException("cluster member '" + member + "' must be host or host:port");
        }
        if (colon > 0) {
            try {
                checkPort("cluster member port", Integer.parseInt(member.substring(colon + 1)), false);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cluster member '" + member + "' must be host or host:port");
            }
        }
        return member;
    }

    private static void checkPort(String what, int port, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw new IllegalArgumentException(what + " must be " + (zeroAllowed ? 0 : 1) + " to 65535, not " + port);
        }
    }
}
