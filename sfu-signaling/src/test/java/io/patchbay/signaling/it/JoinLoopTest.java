package io.patchbay.signaling.it;

import static io.patchbay.signaling.it.PeerMedia.CONNECT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.load.peer.SubscriberConnection;
import io.patchbay.load.peer.TestPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Java-peer half of "200 joins in a row with 0 failures": a publisher stays in the room while another peer
 * joins, publishes, receives the publisher's video and leaves, a hundred times in a row. A flaky join is a bug
 * (TESTING.md), so every one must succeed; the time from connecting to the first decrypted video packet is
 * reported.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class JoinLoopTest extends PeerServerTest {
    private static final String ROOM = "loop";
    private static final int JOINS = 100;


    @Test
    void aHundredJoinsInARowEachPublishAndReceiveThePublisher() throws Exception {
        TestPeer host = PeerMedia.publishing(server, ROOM, "host", peers);
        List<String> failures = new ArrayList<>();
        List<Long> perJoin = new ArrayList<>();
        List<Long> joinToVideo = new ArrayList<>();
        for (int i = 0; i < JOINS && failures.size() < 5; i++) {
            long t0 = System.nanoTime();
            try (TestPeer guest = TestPeer.connect(server.httpPort(), "guest-" + i,
                    List.of(io.patchbay.load.peer.SrtpProfile.AEAD_AES_128_GCM))) {
                guest.join(ROOM);
                long joined = System.nanoTime();
                guest.publish(CONNECT).sender().start(PeerMedia.TICK);
                SubscriberConnection.RemoteTrack video = PeerMedia.awaitVideo(guest, host);
                long now = System.nanoTime();
                perJoin.add(now - t0);
                joinToVideo.add(now - joined);
                if (!guest.failures().isEmpty() || !PeerMedia.errors(guest).isEmpty()) {
                    failures.add(guest.name() + ": " + guest.failures() + " " + PeerMedia.errors(guest));
                } else if (PeerMedia.packetsFrom(guest, video.mediaSsrc(), host) == 0) {
                    failures.add(guest.name() + ": no video from the host");
                }
            } catch (Exception | AssertionError e) {
                failures.add("guest-" + i + " after " + PeerMedia.toMillis(System.nanoTime() - t0) + " ms: "
                        + PeerMedia.brief(e.toString()));
            }
        }
        System.out.printf("[join-loop] %d joins, %d failures; connect->first video %s; join->first video %s;"
                        + " host's subscriber: max m-sections %d, offers %d%n", perJoin.size(), failures.size(),
                PeerMedia.percentiles(perJoin), PeerMedia.percentiles(joinToVideo),
                host.subscriber().maxMediaSectionsSeen(), host.subscriber().offers().size());
        assertAll(
                () -> assertEquals(List.of(), failures, "failed joins"),
                () -> assertEquals(JOINS, perJoin.size(), "joins that got the host's video"),
                () -> assertTrue(host.subscriber().maxMediaSectionsSeen() <= 4,
                        "the host's subscriber SDP grew to " + host.subscriber().maxMediaSectionsSeen() + " m-sections"),
                () -> assertEquals(List.of(), host.failures(), "host peer failures"),
                () -> assertEquals(List.of(), PeerMedia.errors(host), "host signaling errors"));
    }
}
