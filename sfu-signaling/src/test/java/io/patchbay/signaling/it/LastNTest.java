package io.patchbay.signaling.it;

import static io.patchbay.signaling.it.PeerMedia.CONNECT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.SubscriberConnection.RemoteTrack;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.limits.SignalingLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Last-N and active speakers with real media: four Java peers publish audio (RFC 6464 levels they control) and video
 * in a room with last-N 2. While nobody speaks each receives the video of the first two others who joined; when one
 * starts talking, everyone hears {@code active-speakers} naming it first and the others get its video in place of
 * the later joiner's. Every peer always receives exactly two videos and all audio.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LastNTest extends PeerServerTest {
    private static final String ROOM = "last-n";
    private static final Duration WINDOW = Duration.ofMillis(1_000);

    @Override
    SignalingLimits limits() {
        return SignalingLimits.DEFAULTS.withLastN(2);
    }

    @Test
    void eachReceivesTheVideoOfTheTwoMostRecentSpeakers() throws Exception {
        List<TestPeer> room = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            TestPeer p = TestPeer.connect(server.httpPort(), name, List.of(SrtpProfile.AEAD_AES_128_GCM));
            peers.add(p);
            p.join(ROOM);
            p.publish(CONNECT).sender().setAudioLevel(127, false);
            p.publisher().sender().start(PeerMedia.TICK);
            room.add(p);
        }
        for (TestPeer p : room) {
            for (TestPeer other : room) {
                if (other != p) p.subscriber().awaitTrack(other.participantId(), "video", CONNECT);
            }
        }
        Thread.sleep(1_500);
        assertEquals(Map.of("a", names("b", "c"), "b", names("a", "c"), "c", names("a", "b"), "d", names("a", "b")),
                videoSenders(room), "nobody has spoken: the first two others who joined");

        TestPeer d = room.get(3);
        int[] marks = new int[room.size()];
        for (int i = 0; i < room.size(); i++) marks[i] = room.get(i).signaling().mark();
        d.publisher().sender().setAudioLevel(30, true);
        for (int i = 0; i < room.size(); i++) {
            TestPeer p = room.get(i);
            // Each socket gets its own copy; they need not arrive together.
            JsonNode speakers = p.signaling().await(marks[i], m -> m.path("type").asText().equals("active-speakers"),
                    CONNECT);
            assertEquals(List.of(d.participantId()), ids(speakers), p.name() + " hears who speaks: " + speakers);
        }
        Thread.sleep(500);
        assertEquals(Map.of("a", names("d", "b"), "b", names("d", "a"), "c", names("d", "a"), "d", names("a", "b")),
                videoSenders(room), "d spoke: d first, then the first joiners");
        for (TestPeer p : room) assertEquals(List.of(), PeerMedia.errors(p), p.name() + "'s errors");
    }

    private static List<String> ids(JsonNode message) {
        List<String> out = new ArrayList<>();
        message.path("speakers").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static TreeSet<String> names(String... names) {
        return new TreeSet<>(List.of(names));
    }

    /** Whose video each peer received during one window (packets on the track's SSRC grew). */
    private static Map<String, TreeSet<String>> videoSenders(List<TestPeer> room) throws Exception {
        Map<String, Map<TestPeer, Integer>> before = new LinkedHashMap<>();
        for (TestPeer p : room) before.put(p.name(), counts(p, room));
        Thread.sleep(WINDOW.toMillis());
        Map<String, TreeSet<String>> out = new LinkedHashMap<>();
        for (TestPeer p : room) {
            Map<TestPeer, Integer> now = counts(p, room);
            TreeSet<String> senders = new TreeSet<>();
            for (Map.Entry<TestPeer, Integer> e : now.entrySet()) {
                if (e.getValue() > before.get(p.name()).get(e.getKey())) senders.add(e.getKey().name());
            }
            out.put(p.name(), senders);
        }
        return out;
    }

    private static Map<TestPeer, Integer> counts(TestPeer subscriber, List<TestPeer> room) throws Exception {
        Map<TestPeer, Integer> out = new LinkedHashMap<>();
        for (TestPeer publisher : room) {
            if (publisher == subscriber) continue;
            RemoteTrack video = subscriber.subscriber().awaitTrack(publisher.participantId(), "video", CONNECT);
            out.put(publisher, PeerMedia.packetsFrom(subscriber, video.mediaSsrc(), publisher));
        }
        return out;
    }
}
