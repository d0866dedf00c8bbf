package io.patchbay.signaling.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;

/**
 * Hazelcast as Vert.x's cluster manager, configured so that it talks only to the members it is given: no multicast,
 * no cloud auto-detection, no phone-home, bound to one address.
 */
public final class HazelcastSetup {
    /** Hazelcast's cluster name: nodes of another product on the same network never merge with ours. */
    static final String CLUSTER_NAME = "patchbay";
    /** A member silent this long is removed; the budget for noticing a dead node is 5 s. */
    static final int MAX_NO_HEARTBEAT_SECONDS = 4;

    private HazelcastSetup() {
    }

    /** Vert.x's required maps (from its own default configuration) plus our network and failure detection. */
    public static Config hazelcastConfig(ClusterSettings settings) {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(CLUSTER_NAME);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        // SIGTERM drains first, with the cluster still up: Patchbay closes Hazelcast itself at the end.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        // The maps hold soft state that every node republishes: a leaving node need not wait for their migration.
        config.setProperty("hazelcast.graceful.shutdown.max.wait", "5");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
        // A starting node looks for the others for 1 s, not 5 s, before it forms a cluster of its own (it merges with
        // the others when they appear).
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.getJetConfig().setEnabled(false);
        config.getMetricsConfig().setEnabled(false);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(settings.host());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getAwsConfig().setEnabled(false);
        join.getGcpConfig().setEnabled(false);
        join.getAzureConfig().setEnabled(false);
        join.getEurekaConfig().setEnabled(false);
        if (settings.kubernetesServiceDns() != null) {
            join.getTcpIpConfig().setEnabled(false);
            join.getKubernetesConfig().setEnabled(true)
                    .setProperty("service-dns", settings.kubernetesServiceDns())
                    .setProperty("service-port", Integer.toString(settings.port()));
        } else {
            join.getKubernetesConfig().setEnabled(false);
            join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(settings.members());
        }
        return config;
    }

    /** A clustered Vert.x and its cluster manager. */
    public record Clustered(Vertx vertx, HazelcastClusterManager manager) {
    }

    /** Starts a clustered Vert.x (blocks until this node has joined, at most {@code timeoutSeconds}). */
    public static Clustered startClustered(VertxOptions options, ClusterSettings settings, long timeoutSeconds)
            throws Exception {
        options.getEventBusOptions().setHost(settings.host()).setPort(settings.busPort())
                .setClusterPublicHost(settings.host());
        if (settings.tls()) {
            // One certificate for the cluster: each node presents it and trusts only it, in both directions.
            io.patchbay.signaling.tls.ServerCertificate cert = io.patchbay.signaling.tls.PemCertificate.load(
                    java.nio.file.Path.of(settings.tlsCert()), java.nio.file.Path.of(settings.tlsKey()));
            options.getEventBusOptions().setSsl(true).setKeyCertOptions(cert.keyCertOptions())
                    .setTrustOptions(cert.trustThisOptions()).setClientAuth(io.vertx.core.http.ClientAuth.REQUIRED);
        }
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(settings));
        Vertx vertx = Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                .toCompletionStage().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
        return new Clustered(vertx, manager);
    }
}
