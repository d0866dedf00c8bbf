package io.patchbay.signaling.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.signaling.browser.NetworkNamespace;
import io.patchbay.signaling.ws.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cluster talks to nobody but its members. Two nodes and two peers run in a network namespace whose only way out
 * is a veth link with a default route ({@code va}, 10.99.0.1, gateway 10.99.0.2 on the other end, IPv6 off so the
 * kernel itself sends nothing): every packet to an address other than 127.0.0.1 (Hazelcast multicast or phone-home,
 * cloud metadata probes, ice4j's STUN or AWS mapping, an ARP for the gateway) would leave through it. The link's
 * transmit counter must not move while the cluster forms, places a room, carries media and answers REST.
 */
class ClusterIsolationTest {
    @Test
    void aClusterSendsNothingToAnyAddressButLoopback() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create("pbiso", "the cluster isolation check")) {
            ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
            ns.exec("sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1");
            ns.ip("link", "add", "va", "type", "veth", "peer", "name", "vb");
            ns.ip("addr", "add", "10.99.0.1/24", "dev", "va");
            ns.ip("link", "set", "va", "up");
            ns.ip("link", "set", "vb", "up");
            ns.ip("route", "add", "default", "via", "10.99.0.2", "dev", "va");
            long before = transmitted(ns);
            NetworkNamespace.ChildRun child = ns.runJava(ClusterIsolationScenario.class, List.of(), 150);
            long after = transmitted(ns);
            String ok = child.line("ISOLATION OK");
            System.out.printf("[isolation] %s; packets out of the namespace's default route: %d%n",
                    ok != null ? ok : child.line("ISOLATION FAIL"), after - before);
            assertTrue(child.ended(), "the scenario did not end:\n" + child.tail());
            assertNotNull(ok, child.tail());
            assertEquals(0, child.exit(), child.tail());
            assertEquals(0, after - before, "packets left for another address: " + ns.ip("-s", "link", "show", "va"));
        }
    }

    private static long transmitted(NetworkNamespace ns) throws Exception {
        JsonNode links = Json.MAPPER.readTree(ns.ip("-s", "-j", "link", "show", "va"));
        return links.path(0).path("stats64").path("tx").path("packets").asLong(-1);
    }
}
