package io.patchbay.signaling.it;

import static io.patchbay.signaling.it.PeerMedia.CONNECT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.MediaPattern;
import io.patchbay.load.peer.ReceivedStream;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.SubscriberConnection.RemoteTrack;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.limits.SignalingLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Last-N, active speakers, pins and screen shares with real media: six Java peers publish audio (RFC 6464 levels
 * they control) and video in a room with last-N 2, and each receives video from exactly two of the others, the ones
 * the {@code active-speakers} it was told put first (then the first who joined), and all audio:
 * <ol>
 *   <li>nobody has spoken: the first two others who joined;</li>
 *   <li>e speaks: everyone hears {@code active-speakers} naming it, and gets its video in place of the later joiner's;</li>
 *   <li>c pins f, who is quiet: c receives f's video as well, nobody else does;</li>
 *   <li>a seventh peer joins (and hears at once who speaks) and shares its screen (its only video): everyone
 *       receives it whatever last-N says, it takes no one's place, and it receives two cameras itself.</li>
 * </ol>
 * Nothing sleeps: after each event the test waits until every expected stream carries packets sent after it, then
 * until they carry packets sent after that wait (so anything the server forwarded meanwhile has arrived), and then
 * checks which streams carry any packet sent after the event: exactly the expected ones.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LastNTest extends PeerServerTest {
    private static final String ROOM = "last-n";
    private static final int LAST_N = 2;

    @Override
    SignalingLimits limits() {
        return SignalingLimits.DEFAULTS.withLastN(LAST_N);
    }

    @Test
    void sixParticipantsWithLastNTwoEachReceiveTheTwoMostRecentSpeakersPlusPinsAndScreenShares() throws Exception {
        List<TestPeer> cameras = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d", "e", "f")) {
            TestPeer p = TestPeer.connect(server.httpPort(), name, List.of(SrtpProfile.AEAD_AES_128_GCM));
            peers.add(p);
            p.join(ROOM);
            p.publish(CONNECT).sender().setAudioLevel(127, false);
            p.publisher().sender().start(PeerMedia.TICK);
            cameras.add(p);
        }
        Room room = new Room(cameras);
        room.awaitNegotiated();
        room.assertVideos("nobody has spoken: the first two others who joined", System.nanoTime());

        TestPeer e = cameras.get(4);
        int[] marks = new int[cameras.size()];
        for (int i = 0; i < cameras.size(); i++) marks[i] = cameras.get(i).signaling().mark();
        e.publisher().sender().setAudioLevel(30, true);
        for (int i = 0; i < cameras.size(); i++) {
            TestPeer p = cameras.get(i);
            // Each socket gets its own copy; they need not arrive together. The router applied the new order before
            // it sent them, so everything sent from now on follows it.
            JsonNode speakers = p.signaling().await(marks[i], m -> m.path("type").asText().equals("active-speakers"),
                    CONNECT);
            assertEquals(List.of(e.participantId()), ids(speakers), p.name() + " hears who speaks: " + speakers);
            room.speakersTold.put(p, ids(speakers));
        }
        room.assertVideos("e spoke: e first, then the first joiners", System.nanoTime());

        TestPeer c = cameras.get(2);
        TestPeer f = cameras.get(5);
        long pinned = System.nanoTime();
        c.pin(List.of(f.participantId()));
        room.pins.put(c, List.of(f));
        room.assertVideos("c pinned f: f's video comes in addition, for c only", pinned);

        TestPeer screen = TestPeer.connect(server.httpPort(), "s", List.of(SrtpProfile.AEAD_AES_128_GCM));
        peers.add(screen);
        screen.join(ROOM);
        JsonNode told = screen.signaling().await(0, m -> m.path("type").asText().equals("active-speakers"), CONNECT);
        assertEquals(List.of(e.participantId()), ids(told), "a newcomer hears who speaks: " + told);
        room.speakersTold.put(screen, ids(told));
        screen.publishScreen(CONNECT).sender().setAudioLevel(127, false);
        screen.publisher().sender().start(PeerMedia.TICK);
        room.screens.add(screen);
        room.awaitNegotiated();
        room.assertVideos("s shares its screen: everyone receives it, and s receives two cameras", System.nanoTime());
        for (TestPeer p : room.everyone()) assertEquals(List.of(), PeerMedia.errors(p), p.name() + "'s errors");
    }

    /** Who publishes what, and what each subscriber has been told or asked for: from it, the videos it should get. */
    private static final class Room {
        /** In join order. */
        final List<TestPeer> cameras;
        final List<TestPeer> screens = new ArrayList<>();
        final Map<TestPeer, List<String>> speakersTold = new LinkedHashMap<>();
        final Map<TestPeer, List<TestPeer>> pins = new LinkedHashMap<>();

        Room(List<TestPeer> cameras) {
            this.cameras = List.copyOf(cameras);
        }

        List<TestPeer> everyone() {
            List<TestPeer> out = new ArrayList<>(cameras);
            out.addAll(screens);
            return out;
        }

        /** Every subscriber has every other publisher's video track in its subscriber connection. */
        void awaitNegotiated() throws Exception {
            for (TestPeer p : everyone()) {
                for (TestPeer other : everyone()) {
                    if (other != p) p.subscriber().awaitTrack(other.participantId(), "video", CONNECT);
                }
            }
        }

        /**
         * Last-N 2 for {@code p}: its pins, plus the first two other camera publishers when those it was told speak
         * come first and the others follow in join order; plus every screen share.
         */
        TreeSet<String> expected(TestPeer p) {
            List<TestPeer> order = new ArrayList<>();
            for (String id : speakersTold.getOrDefault(p, List.of())) {
                for (TestPeer q : cameras) if (q.participantId().equals(id)) order.add(q);
            }
            for (TestPeer q : cameras) if (!order.contains(q)) order.add(q);
            order.remove(p);
            List<TestPeer> pinned = pins.getOrDefault(p, List.of());
            TreeSet<String> out = new TreeSet<>();
            pinned.forEach(q -> out.add(q.name()));
            int taken = 0;
            for (TestPeer q : order) {
                if (taken == LAST_N) break;
                if (pinned.contains(q)) continue;
                out.add(q.name());
                taken++;
            }
            for (TestPeer s : screens) if (s != p) out.add(s.name());
            return out;
        }

        /** Whose video each subscriber got packets of that were sent after {@code sinceNanos}. */
        Map<String, TreeSet<String>> flowing(long sinceNanos) throws Exception {
            Map<String, TreeSet<String>> out = new LinkedHashMap<>();
            for (TestPeer p : everyone()) {
                TreeSet<String> senders = new TreeSet<>();
                for (TestPeer q : everyone()) {
                    if (q != p && newestSentAfter(p, q, sinceNanos)) senders.add(q.name());
                }
                out.put(p.name(), senders);
            }
            return out;
        }

        Map<String, TreeSet<String>> expected() {
            Map<String, TreeSet<String>> out = new LinkedHashMap<>();
            for (TestPeer p : everyone()) out.put(p.name(), expected(p));
            return out;
        }

        /**
         * After an event at {@code eventNanos} (whatever the server forwards from then on follows it): the expected
         * streams carry packets sent after it; once they also carry packets sent after that, any stream the server
         * wrongly forwarded since the event would have delivered too; exactly the expected ones did.
         */
        void assertVideos(String what, long eventNanos) throws Exception {
            Map<String, TreeSet<String>> expected = expected();
            awaitExpectedSince(what, expected, eventNanos);
            awaitExpectedSince(what, expected, System.nanoTime());
            assertEquals(expected, flowing(eventNanos), what);
        }

        private void awaitExpectedSince(String what, Map<String, TreeSet<String>> expected, long sinceNanos) {
            Await.until(CONNECT, () -> {
                try {
                    Map<String, TreeSet<String>> now = flowing(sinceNanos);
                    for (Map.Entry<String, TreeSet<String>> e : expected.entrySet()) {
                        if (!now.get(e.getKey()).containsAll(e.getValue())) return false;
                    }
                    return true;
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }, () -> {
                try {
                    return what + ": expected " + expected + ", flowing " + flowing(sinceNanos);
                } catch (Exception ex) {
                    return what + ": " + ex;
                }
            });
        }
    }

    /** Whether the newest packet {@code subscriber} got on {@code publisher}'s video track was sent after a time. */
    private static boolean newestSentAfter(TestPeer subscriber, TestPeer publisher, long sinceNanos) throws Exception {
        RemoteTrack video = subscriber.subscriber().awaitTrack(publisher.participantId(), "video", CONNECT);
        ReceivedStream stream = subscriber.subscriber().stream(video.mediaSsrc());
        ReceivedStream.ReceivedPacket last = stream == null ? null : stream.last();
        MediaPattern m = last == null ? null : MediaPattern.read(last.payload());
        return m != null && m.publisherTag() == publisher.publisherTag() && m.sendNanos() - sinceNanos > 0;
    }

    private static List<String> ids(JsonNode message) {
        List<String> out = new ArrayList<>();
        message.path("speakers").forEach(n -> out.add(n.asText()));
        return out;
    }
}
