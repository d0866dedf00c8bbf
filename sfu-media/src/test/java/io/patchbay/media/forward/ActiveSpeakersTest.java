package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.core.room.TrackKind;
import io.patchbay.core.room.TrackSource;
import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.packet.red.RedPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Last-N, pins and screen shares as {@link ActiveSpeakers} applies them to a room's consumers, and the allocation
 * priorities it gives their video. Each participant has a publisher and a subscriber transport (siblings) and
 * receives every other participant's tracks; the ranking is given (the detector has its own tests).
 *
 * <p>Participants in join order: {@code a} publishes a camera, {@code a:cs} a camera and a screen, {@code a:s} only
 * a screen, {@code a:-} no video (audio always). Received video: {@code b} is b's camera, {@code b*} b's screen.
 * Every row is applied the incremental way (consumers added one by one after an evaluation, then the pins), and must
 * give what a full evaluation gives.
 */
class ActiveSpeakersTest {
    private static final ExtensionIds EXTENSIONS = new ExtensionIds(1, 2, 3, 4);

    private final PacketBufferPool pool = new PacketBufferPool(16);
    private final MediaStats stats = new MediaStats();
    private final RtpHeaderWriter writer = new RtpHeaderWriter();
    private final RedPacket redView = new RedPacket();
    private final ActiveSpeakers speakers = new ActiveSpeakers();
    private final Map<String, TransportBinding> publishers = new LinkedHashMap<>();
    private final Map<String, TransportBinding> subscribers = new LinkedHashMap<>();
    private final List<TransportBinding> bindings = new ArrayList<>();
    private long addedOrder;
    private long ssrc = 1;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                          | participants    | lastN | spoken | pins      | received
        nobody spoke: the first others who joined       | a b c d         | 2     |        |           | a=b c; b=a c; c=a b; d=a b
        speakers first by rank, then join order        | a b c d         | 2     | d c    |           | a=d c; b=d c; c=d a; d=c a
        last-N off: everything                          | a b c d         | -1    | d      |           | a=b c d; b=a c d; c=a b d; d=a b c
        a pinned quiet participant comes in addition    | a b c d         | 2     | d c    | a:b       | a=d c b; b=d c; c=d a; d=c a
        a pinned speaker frees its place                | a b c d         | 2     | d c    | a:d       | a=d c b; b=d c; c=d a; d=c a
        several pins, each subscriber its own           | a b c d e       | 1     | e      | a:cd b:d  | a=e c d; b=e d; c=e; d=e; e=a
        last-N 0: only what is pinned                   | a b c d         | 0     | d      | c:a       | a=; b=; c=a; d=
        pins do not matter without last-N               | a b c           | -1    |        | a:c       | a=b c; b=a c; c=a b
        a screen share reaches everyone                 | a b:cs c d      | 1     | d      |           | a=d b*; b=d; c=d b*; d=a b*
        a screen share with last-N 0                    | a b:cs c        | 0     |        |           | a=b*; b=; c=b*
        a screen-only publisher takes no place          | a e:s b c       | 1     |        |           | a=b e*; e=a; b=a e*; c=a e*
        a speaker without camera takes no place         | a:- b c d       | 1     | a c    |           | a=c; b=c; c=b; d=c
        pinning a screen-only publisher changes nothing | a e:s b         | 1     |        | a:e       | a=b e*; e=a; b=a e*
        """)
    void receivedVideo(String name, String participants, int lastN, String spoken, String pins, String received) {
        room(participants, lastN);
        speakers.arrange(bindings, spokenList(spoken)); // an evaluation before anyone subscribed
        for (TransportBinding subscriber : subscribers.values()) {
            for (TransportBinding publisher : publishers.values()) {
                if (publisher == subscriber.sibling) continue;
                for (Producer p : publisher.producers) {
                    Consumer c = new Consumer(new ConsumerSpec(p.trackId, ssrc++, "m" + ssrc, "c", EXTENSIONS), p,
                            subscriber, new OutputBuffer(), stats, writer, redView);
                    subscriber.consumers.add(c);
                    speakers.onConsumerAdded(c, bindings);
                }
            }
        }
        for (String pin : words(pins)) {
            String[] parts = pin.split(":");
            List<TransportBinding> pinned = new ArrayList<>(subscribers.get(parts[0]).pinned);
            for (char who : parts[1].toCharArray()) pinned.add(publishers.get(String.valueOf(who)));
            speakers.setPinned(subscribers.get(parts[0]), pinned, bindings);
        }
        Map<String, TreeSet<String>> expected = expected(received);
        assertEquals(expected, received(), "applied incrementally");
        speakers.arrange(bindings, spokenList(spoken));
        assertEquals(expected, received(), "a full evaluation");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                        | participants | spoken | priorities
        nobody spoke: all equal                       | a b c        |        | a=0; b=0; c=0
        the dominant speaker first, then by recency   | a b c        | c a    | a=999; b=0; c=1000
        a screen share above the dominant speaker     | a b:cs c     | c      | a=0; b=0; b*=2000; c=1000
        the sharer's camera ranks as its speech does  | a b:cs c     | b c    | a=0; b=1000; b*=2000; c=999
        a screen share without camera                 | a e:s        | e a    | a=999; e*=2000
        """)
    void priorities(String name, String participants, String spoken, String priorities) {
        room(participants, 2);
        speakers.arrange(bindings, spokenList(spoken));
        Map<String, Integer> actual = new TreeMap<>();
        publishers.forEach((who, b) -> {
            for (Producer p : b.producers) {
                if (p.isVideo()) actual.put(who + (p.screenShare ? "*" : ""), p.priority);
            }
        });
        Map<String, Integer> want = new TreeMap<>();
        for (String entry : priorities.split(";")) {
            String[] kv = entry.trim().split("=");
            want.put(kv[0], Integer.parseInt(kv[1]));
        }
        assertEquals(want, actual);
    }

    /** Publisher and subscriber transports per participant, in join order, with their producers. */
    private void room(String participants, int lastN) {
        speakers.setLastN(lastN);
        for (String spec : words(participants)) {
            String who = spec.substring(0, 1);
            String video = spec.contains(":") ? spec.substring(2) : "c";
            TransportBinding pub = new TransportBinding(new CountingTransport(who + "/pub"), addedOrder++);
            TransportBinding sub = new TransportBinding(new CountingTransport(who + "/sub"), addedOrder++);
            pub.sibling = sub;
            sub.sibling = pub;
            pub.producers.add(producer(who + "-audio", TrackKind.AUDIO, TrackSource.MICROPHONE, pub));
            if (video.contains("c")) {
                pub.producers.add(producer(who + "-camera", TrackKind.VIDEO, TrackSource.CAMERA, pub));
            }
            if (video.contains("s")) {
                pub.producers.add(producer(who + "-screen", TrackKind.VIDEO, TrackSource.SCREEN, pub));
            }
            publishers.put(who, pub);
            subscribers.put(who, sub);
            bindings.add(pub);
            bindings.add(sub);
        }
    }

    private Producer producer(String trackId, TrackKind kind, TrackSource source, TransportBinding publisher) {
        CodecMapping codec = kind == TrackKind.AUDIO ? new CodecMapping(111, 111, "opus", 48_000)
                : new CodecMapping(96, 96, "VP8", 90_000);
        return new Producer(new ProducerSpec(trackId, kind, trackId, List.of(codec), Map.of(), ssrc++, 0, EXTENSIONS,
                true, true, 0, List.of(), source), publisher, stats, pool);
    }

    private List<TransportBinding> spokenList(String spoken) {
        List<TransportBinding> out = new ArrayList<>();
        for (String who : words(spoken)) out.add(publishers.get(who));
        return out;
    }

    /** Per subscriber, the videos not left out by last-N. */
    private Map<String, TreeSet<String>> received() {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        subscribers.forEach((who, sub) -> {
            TreeSet<String> videos = new TreeSet<>();
            for (Consumer c : sub.consumers) {
                if (!c.isVideo() || c.switchedOff()) continue;
                videos.add(c.producer.trackId.substring(0, 1) + (c.producer.screenShare ? "*" : ""));
            }
            out.put(who, videos);
        });
        return out;
    }

    private static Map<String, TreeSet<String>> expected(String received) {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        for (String entry : received.split(";")) {
            String[] kv = entry.trim().split("=", -1);
            out.put(kv[0], new TreeSet<>(words(kv[1])));
        }
        return out;
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
    }
}
