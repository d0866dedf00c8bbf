package io.patchbay.signaling.it;

import static io.patchbay.signaling.it.PeerMedia.CONNECT;
import static io.patchbay.signaling.it.PeerMedia.TICK;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.load.peer.MediaKind;
import io.patchbay.load.peer.PublisherConnection;
import io.patchbay.load.peer.RemoteSdp;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.StreamCheck;
import io.patchbay.load.peer.SubscriberConnection;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.PatchbayServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One subscriber stays while publishers come and go one after another: the server ends each departed track's
 * m-section (port 0) and recycles it for the next track with a new mid (docs/protocol.md, Subscriber
 * m-sections; RFC 8829 section 5.2.2), so the subscriber's SDP stays as small as the tracks live at once.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SubscriberChurnTest {
    private static final String ROOM = "churn";
    private static final int PUBLISHERS = 100;
    /** Two live tracks (audio + video of the current publisher) plus the previous publisher's two, ending. */
    private static final int MAX_SECTIONS = 4;
    private static final int VIDEO_PACKETS = 3;

    private PatchbayServer server;
    private TestPeer watcher;

    @BeforeEach
    void startServer() throws Exception {
        server = PeerMedia.startServer();
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void subscriberGetsEveryPublisherOfAHundredWhileItsMediaSectionsAreRecycled() throws Exception {
        watcher = TestPeer.connect(server.httpPort(), "watcher", List.of(SrtpProfile.AEAD_AES_128_GCM));
        watcher.join(ROOM);
        SubscriberConnection sub = watcher.subscriber();
        List<String> problems = new ArrayList<>();
        List<Long> perPublisher = new ArrayList<>();
        List<String> sectionCounts = new ArrayList<>();
        long start = System.nanoTime();
        List<Long> toPublished = new ArrayList<>();
        List<Long> toOffered = new ArrayList<>();
        List<Long> toReceived = new ArrayList<>();
        for (int i = 0; i < PUBLISHERS && problems.size() < 5; i++) {
            long t0 = System.nanoTime();
            try (TestPeer pub = TestPeer.connect(server.httpPort(), "pub-" + i, List.of(SrtpProfile.AEAD_AES_128_GCM))) {
                String id = pub.join(ROOM);
                PublisherConnection pc = pub.publish(CONNECT);
                long published = System.nanoTime();
                toPublished.add(published - t0);
                pc.sender().start(TICK);
                SubscriberConnection.RemoteTrack video = sub.awaitTrack(id, "video", CONNECT);
                long offered = System.nanoTime();
                toOffered.add(offered - published);
                if (i == 0) {
                    sub.transport().awaitConnected(CONNECT);
                }
                boolean received = Await.within(Duration.ofSeconds(5),
                        () -> PeerMedia.packetsFrom(watcher, video.mediaSsrc(), pub) >= VIDEO_PACKETS);
                toReceived.add(System.nanoTime() - offered);
                pc.sender().stop();
                StreamCheck.Report r = PeerMedia.check(watcher, video, pub, MediaKind.VIDEO);
                if (!received || r.foreignPackets() + r.payloadMismatches() + r.midMismatches() > 0) {
                    problems.add(pub.name() + " video ssrc " + video.mediaSsrc() + " mid " + video.mid()
                            + (received ? "" : " not received") + ": " + r + " " + PeerMedia.brief(sub.transport().diagnostics()));
                }
                sectionCounts.add(sub.latestOffer().sections().size() + "");
            } catch (Exception | AssertionError e) {
                problems.add("pub-" + i + ": " + PeerMedia.brief(e.toString()));
            }
            perPublisher.add(System.nanoTime() - t0);
        }
        long total = System.nanoTime() - start;
        System.out.printf("[churn] connect+join+publish %s; published->offered %s; offered->%d video packets %s%n",
                PeerMedia.percentiles(toPublished), PeerMedia.percentiles(toOffered), VIDEO_PACKETS,
                PeerMedia.percentiles(toReceived));
        boolean ended = Await.within(Duration.ofSeconds(5), () -> sub.latestOffer().liveSections().isEmpty()
                && sub.answers().size() == sub.offers().size());
        RemoteSdp last = sub.latestOffer();
        System.out.printf("[churn] %d publishers in %.1f s, per publisher %s; offers=%d, max m-sections=%d,"
                        + " last offer %d m-sections / %d bytes; m-sections after each publisher: %s%n",
                perPublisher.size(), total / 1e9, PeerMedia.percentiles(perPublisher), sub.offers().size(),
                sub.maxMediaSectionsSeen(), last.sections().size(), last.text().length(), sectionCounts);
        assertAll(
                () -> assertTrue(ended, "the last publisher's tracks did not end in the watcher's SDP:\n" + last),
                () -> assertEquals(List.of(), problems, "publishers whose video the watcher did not get intact"),
                () -> assertEquals(PUBLISHERS, perPublisher.size(), "publishers run"),
                () -> assertTrue(sub.maxMediaSectionsSeen() <= MAX_SECTIONS, "m-sections in some offer: "
                        + sub.maxMediaSectionsSeen() + " > " + MAX_SECTIONS + " (after each publisher: "
                        + sectionCounts + ")"),
                () -> assertTrue(last.sections().size() <= MAX_SECTIONS,
                        "last offer has " + last.sections().size() + " m-sections"),
                () -> assertTrue(last.text().length() < 8 * 1024, "last offer is " + last.text().length() + " bytes"),
                () -> assertEquals(List.of(), watcher.failures(), "watcher peer failures"),
                () -> assertEquals(List.of(), PeerMedia.errors(watcher), "watcher signaling errors"));
    }
}
