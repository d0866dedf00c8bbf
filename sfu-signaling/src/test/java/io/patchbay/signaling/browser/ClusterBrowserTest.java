package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.cluster.ClusterSettings;
import io.patchbay.signaling.limits.SignalingLimits;
import io.patchbay.signaling.support.ClusterFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A room with Chromium participants connected to three different nodes of a cluster (three servers in this JVM):
 * one page holds three {@code /patchbay.js} rooms, each signaling through another node, each publishing a camera; every
 * participant decodes the two others. With media on the owner (the default) the owner terminates all three media
 * connections and the two other nodes carry signaling only; with media on the edge each node terminates its own
 * participant and relays its simulcast track to the two others.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterBrowserTest {
    private static final String SETUP = """
            const [ports, room, simulcast, done] = arguments;
            (async () => {
              const { Room } = await import('/patchbay.js');
              const cam = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
              const rooms = [];
              for (let i = 0; i < ports.length; i++) {
                const r = new Room({ url: `ws://127.0.0.1:${ports[i]}/ws` });
                await r.join({ room, name: 'node' + i });
                rooms.push(r);
              }
              for (const r of rooms) {
                await r.publish(new MediaStream([cam.getVideoTracks()[0].clone()]), { simulcast });
              }
              window.cluster = { rooms };
              done(JSON.stringify({ ok: true }));
            })().catch((e) => done(JSON.stringify({ error: String(e) })));
            """;

    /** For each room: how many remote videos it decoded at least 20 frames of. */
    private static final String STATE = """
            const done = arguments[arguments.length - 1];
            (async () => {
              const decoding = [];
              for (const r of window.cluster.rooms) {
                const pc = r.peerConnections.subscriber;
                let n = 0;
                if (pc) (await pc.getStats()).forEach((s) => {
                  if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded || 0) >= 20) n++;
                });
                decoding.push(n);
              }
              done(JSON.stringify({ decoding }));
            })().catch((e) => done(JSON.stringify({ error: String(e) })));
            """;

    private ClusterFixture cluster;
    private HeadlessChromium browser;

    @BeforeAll
    static void browserInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void participantsOnThreeNodesDecodeEachOther() throws Exception {
        cluster = ClusterFixture.start(3, SignalingLimits.DEFAULTS);
        ClusterFixture.Response room = decodeEachOther(false);
        PatchbayServer owner = cluster.nodes.get(cluster.indexOf(room.node()));
        assertEquals(3, owner.participantCount(), "the owner terminates every participant's media");
        for (PatchbayServer n : cluster.nodes) {
            if (n != owner) assertEquals(0, n.participantCount(), "the other nodes carry signaling only");
        }
    }

    @Test
    void withMediaOnTheEdgeEachNodeRelaysItsParticipantToTheOthers() throws Exception {
        cluster = ClusterFixture.start(3, SignalingLimits.DEFAULTS, ClusterSettings.MediaPlacement.EDGE);
        decodeEachOther(true);
        for (PatchbayServer n : cluster.nodes) {
            assertEquals(1, n.participantCount(), "each node terminates its own participant's media");
            String metrics = cluster.metrics(n);
            assertTrue(metrics.contains("patchbay_cluster_relays 2.0"), "a relay to each other node: " + metrics);
        }
    }

    /** One page, three participants each signaling through another node; returns the room as the REST API shows it. */
    private ClusterFixture.Response decodeEachOther(boolean simulcast) throws Exception {
        List<Integer> ports = cluster.nodes.stream().map(PatchbayServer::httpPort).toList();
        browser = HeadlessChromium.launch("cluster-three-nodes");
        browser.driver().get("http://127.0.0.1:" + ports.get(0) + "/?room=unused");
        long t0 = System.nanoTime();
        JsonNode setup = browser.asyncJson(SETUP, ports, "across", simulcast);
        assertTrue(setup.path("error").isMissingNode(), setup.toString());
        JsonNode state = PagePolling.awaitPage(browser, STATE, Duration.ofSeconds(30),
                s -> s.path("decoding").toString().equals("[2,2,2]"), "every participant decodes the two others");
        ClusterFixture.Response room = cluster.rest(cluster.nodes.get(2), "GET", "/api/v1/rooms/across", null);
        System.out.printf("[cluster-browser] three participants on three nodes (simulcast %s) decode each other %.1f s"
                + " after the first join; participants per node %s%n", simulcast, (System.nanoTime() - t0) / 1e9,
                cluster.nodes.stream().map(PatchbayServer::participantCount).toList());
        assertEquals("[2,2,2]", state.path("decoding").toString());
        assertEquals(3, room.body().path("participants").size(), room.body().toString());
        return room;
    }
}
