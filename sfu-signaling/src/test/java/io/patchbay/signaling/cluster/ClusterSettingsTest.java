package io.patchbay.signaling.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings that turn clustering on, and the Hazelcast configuration they make: nothing beyond the members. */
class ClusterSettingsTest {
    @Test
    void clusteringIsOnlyOnWithMembersOrAKubernetesService() {
        assertFalse(new ClusterSettings(List.of(), "127.0.0.1", 5701, 5711, null, null).enabled());
        assertFalse(new ClusterSettings(List.of(), "127.0.0.1", 5701, 5711, " ", null).enabled());
        assertTrue(new ClusterSettings(List.of("127.0.0.1:5702"), "127.0.0.1", 5701, 5711, null, null).enabled());
        assertTrue(new ClusterSettings(List.of(), "10.0.0.5", 5701, 5711, "patchbay-cluster.media.svc", null).enabled());
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        assertEquals("cluster member '10.0.0.1:5701-5703' must be host or host:port", assertThrows(
                IllegalArgumentException.class, () -> new ClusterSettings(List.of("10.0.0.1:5701-5703"), "10.0.0.1",
                        5701, 5711, null, null)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ClusterSettings(List.of("a:"), "127.0.0.1", 5701, 5711, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ClusterSettings(List.of("a:70000"), "127.0.0.1", 5701, 5711, null, null));
        assertEquals("cluster.port must be 1 to 65535, not 0", assertThrows(IllegalArgumentException.class,
                () -> new ClusterSettings(List.of("a"), "127.0.0.1", 0, 5711, null, null)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ClusterSettings(List.of("a"), " ", 5701, 5711, null, null));
        assertEquals("cluster.members and cluster.kubernetes-service-dns exclude each other", assertThrows(
                IllegalArgumentException.class, () -> new ClusterSettings(List.of("a"), "127.0.0.1", 5701, 5711,
                        "svc", null)).getMessage());
    }

    @Test
    void mediaPlacementAndRelayPortAreCheckedAndDefaultToOwnerOn5721() {
        ClusterSettings defaults = new ClusterSettings(List.of("a"), "127.0.0.1", 5701, 5711, null, null);
        assertEquals(ClusterSettings.MediaPlacement.OWNER, defaults.media());
        assertEquals(5721, defaults.relayPort());
        assertEquals(ClusterSettings.MediaPlacement.EDGE, ClusterSettings.MediaPlacement.fromConfig(" Edge "));
        assertEquals("cluster.media must be owner or edge, not 'nearest'", assertThrows(IllegalArgumentException.class,
                () -> ClusterSettings.MediaPlacement.fromConfig("nearest")).getMessage());
        assertEquals("cluster.relay-port must be 0 to 65535, not 70000", assertThrows(IllegalArgumentException.class,
                () -> new ClusterSettings(List.of("a"), "127.0.0.1", 5701, 5711, null, null, 70000,
                        ClusterSettings.MediaPlacement.EDGE)).getMessage());
        assertEquals("cluster.tls-cert and cluster.tls-key go together", assertThrows(IllegalArgumentException.class,
                () -> new ClusterSettings(List.of("a"), "127.0.0.1", 5701, 5711, null, null, 5721,
                        ClusterSettings.MediaPlacement.OWNER, "/etc/cluster.crt", " ")).getMessage());
        assertFalse(defaults.tls());
    }

    @Test
    void hazelcastJoinsOnlyTheListedMembersFromTheGivenAddressAndNeverPhonesHome() {
        Config c = HazelcastSetup.hazelcastConfig(new ClusterSettings(List.of("10.1.0.1:5701", "10.1.0.2"),
                "10.1.0.3", 5801, 5811, null, null));
        JoinConfig join = c.getNetworkConfig().getJoin();
        assertAll(c, join);
        assertTrue(join.getTcpIpConfig().isEnabled());
        assertEquals(List.of("10.1.0.1:5701", "10.1.0.2"), join.getTcpIpConfig().getMembers());
        assertFalse(join.getKubernetesConfig().isEnabled());
        assertEquals(5801, c.getNetworkConfig().getPort());
        assertFalse(c.getNetworkConfig().isPortAutoIncrement());
        assertTrue(c.getNetworkConfig().getInterfaces().isEnabled());
        assertEquals(List.of("10.1.0.3"), List.copyOf(c.getNetworkConfig().getInterfaces().getInterfaces()));
    }

    @Test
    void inKubernetesTheMembersComeFromTheHeadlessServicesDnsName() {
        Config c = HazelcastSetup.hazelcastConfig(new ClusterSettings(List.of(), "10.2.0.7", 5701, 5711,
                "patchbay-cluster.media.svc.cluster.local", null));
        JoinConfig join = c.getNetworkConfig().getJoin();
        assertAll(c, join);
        assertFalse(join.getTcpIpConfig().isEnabled());
        assertTrue(join.getKubernetesConfig().isEnabled());
        assertEquals("patchbay-cluster.media.svc.cluster.local", join.getKubernetesConfig().getProperty("service-dns"));
    }

    /** What must hold in every mode: no multicast, no cloud discovery, no phone-home, failure seen within 5 s. */
    private static void assertAll(Config c, JoinConfig join) {
        assertFalse(join.getMulticastConfig().isEnabled(), "multicast");
        assertFalse(join.getAutoDetectionConfig().isEnabled(), "auto-detection");
        assertFalse(join.getAwsConfig().isEnabled(), "aws");
        assertFalse(join.getGcpConfig().isEnabled(), "gcp");
        assertFalse(join.getAzureConfig().isEnabled(), "azure");
        assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
        assertEquals("false", c.getProperty("hazelcast.socket.bind.any"));
        assertEquals("false", c.getProperty("hazelcast.shutdownhook.enabled"), "SIGTERM drains with the cluster up");
        assertTrue(Integer.parseInt(c.getProperty("hazelcast.max.no.heartbeat.seconds")) <= 5);
        assertEquals("patchbay", c.getClusterName());
        // Vert.x's own structures are kept.
        assertTrue(c.getMultiMapConfigs().containsKey("__vertx.subs"));
    }
}
