package io.patchbay.load.janus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.load.peer.TestPeerSdp;
import java.net.http.HttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Against a real Janus (Debian {@code janus}, 1.1.x): starts it, creates a room, publishes a real test-peer offer
 * and checks Janus's answer; checks the error paths (no such room, no such feed before webrtcup). No media is
 * sent, so webrtcup and the subscriber's start are not reached here.
 *
 * <p>Janus runs in a network namespace of its own ({@link NetworkNamespace}: it never gathers loopback candidates);
 * needs root and the janus package ({@link JanusAvailability}).
 */
class JanusVideoRoomClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void publisherGetsAnAnswerWithHostCandidatesOnTheIceInterface() throws Exception {
        JanusAvailability.require("Janus client test");
        String ip = NetworkNamespace.INSIDE_IP;
        Path workDir = Files.createDirectories(Path.of("target", "janus-test"));
        try (NetworkNamespace ns = NetworkNamespace.create("pbjc" + ProcessHandle.current().pid());
             JanusProcess janus = startIn(ns, workDir);
             JanusVideoRoomClient client = JanusVideoRoomClient.connect(janus.httpBase(), TIMEOUT)) {
            System.out.println(janus + ", log " + janus.logFile() + ", " + threadCount(janus.pid()) + " threads");
            assertTrue(janus.version().startsWith("1."), janus.version());

            long room = client.createRoom(0);
            JanusException noRoom = assertThrows(JanusException.class,
                    () -> client.publish(room + 1, "nobody", TestPeerSdp.publisherOffer(), TIMEOUT));
            assertEquals(426, noRoom.code(), noRoom.getMessage()); // JANUS_VIDEOROOM_ERROR_NO_SUCH_ROOM

            try (PublisherHandle publisher = client.publish(room, "pub-1", TestPeerSdp.publisherOffer(), TIMEOUT)) {
                String answer = publisher.answerSdp();
                System.out.println("Janus answer for " + publisher + ":\n" + answer);
                List<String> candidates = answer.lines().filter(l -> l.startsWith("a=candidate:")).toList();
                assertFalse(candidates.isEmpty(), "no candidates in the answer (half-trickle puts them inline)");
                assertTrue(candidates.stream().allMatch(c -> c.contains(" " + ip + " ")),
                        "candidates not all on " + ip + ": " + candidates);
                assertTrue(answer.contains("m=audio") && answer.contains("m=video"), answer);
                assertTrue(answer.contains("a=recvonly"), "publisher answer should be recvonly");
                assertTrue(answer.lines().filter(l -> l.startsWith("c=")).allMatch(l -> l.equals("c=IN IP4 " + ip)),
                        "c= lines should name " + ip);
                // Janus answers our actpass with active: it is the DTLS client, so our side must be the server.
                assertTrue(answer.contains("a=setup:active"), "Janus's DTLS role changed?");

                // Our candidate (a closed port on Janus's own address: checks fail harmlessly), then end-of-candidates.
                publisher.trickle("a=candidate:1 1 udp 2122260223 " + ip + " 9 typ host generation 0", "0", 0);
                publisher.trickleCompleted();
                assertThrows(TimeoutException.class, () -> publisher.awaitWebrtcUp(Duration.ofSeconds(1)));

                // Janus only lists a feed for subscription after its webrtcup.
                JanusException noFeed = assertThrows(JanusException.class,
                        () -> client.subscribe(room, publisher.feedId(), TIMEOUT));
                assertEquals(428, noFeed.code(), noFeed.getMessage()); // JANUS_VIDEOROOM_ERROR_NO_SUCH_FEED
                System.out.println("subscribe before webrtcup: " + noFeed.getMessage());
            }
            client.destroyRoom(room);
            assertTrue(janus.isAlive(), "janus died; see " + janus.logFile());
        }
    }

    /**
     * The subscriber signalling, without media: a room with Janus's dummy publisher (a feed that is "up" without
     * any PeerConnection) lets us subscribe, get Janus's offer, and start with the test peer's answer.
     */
    @Test
    void subscriberGetsAnOfferAndStartsOnADummyPublisher() throws Exception {
        JanusAvailability.require("Janus client test");
        String ip = NetworkNamespace.INSIDE_IP;
        Path workDir = Files.createDirectories(Path.of("target", "janus-test-subscriber"));
        try (NetworkNamespace ns = NetworkNamespace.create("pbjs" + ProcessHandle.current().pid());
             JanusProcess janus = startIn(ns, workDir);
             JanusVideoRoomClient client = JanusVideoRoomClient.connect(janus.httpBase(), TIMEOUT);
             JanusSession admin = JanusSession.create(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .build(), janus.httpBase(), TIMEOUT)) {
            JanusHandle control = admin.attach(JanusVideoRoomClient.PLUGIN, TIMEOUT);
            ObjectNode create = JanusSession.JSON.createObjectNode().put("request", "create")
                    .put("dummy_publisher", true).put("audiocodec", "opus").put("videocodec", "vp8");
            long room = control.message(create, null, TIMEOUT, "create").path("plugindata").path("data")
                    .path("room").asLong();
            JsonNode participants = control.message(JanusSession.JSON.createObjectNode()
                            .put("request", "listparticipants").put("room", room), null, TIMEOUT, "list")
                    .path("plugindata").path("data").path("participants");
            System.out.println("dummy publisher room " + room + ": " + participants);
            long dummyFeed = participants.path(0).path("id").asLong();

            try (SubscriberHandle subscriber = client.subscribe(room, dummyFeed, TIMEOUT)) {
                String offer = subscriber.offerSdp();
                System.out.println("Janus offer for " + subscriber + ":\n" + offer);
                assertTrue(offer.contains("m=audio") && offer.contains("m=video"), offer);
                assertTrue(offer.contains("a=sendonly"), offer);
                assertTrue(offer.contains("a=setup:actpass"), offer);
                assertTrue(offer.lines().filter(l -> l.startsWith("a=candidate:")).allMatch(c -> c.contains(" " + ip + " ")),
                        offer);
                String answer = TestPeerSdp.subscriberAnswer(offer);
                subscriber.start(answer);
                subscriber.trickleCompleted();
            }
            control.message(JanusSession.JSON.createObjectNode().put("request", "destroy").put("room", room), null,
                    TIMEOUT, "destroy");
            assertTrue(janus.isAlive(), "janus died; see " + janus.logFile());
        }
    }

    /** Janus inside {@code ns}, reached from here over the veth pair. */
    private static JanusProcess startIn(NetworkNamespace ns, Path workDir) throws Exception {
        return JanusProcess.start(workDir, NetworkNamespace.INSIDE_IP, NetworkNamespace.INSIDE_INTERFACE,
                NetworkNamespace.INSIDE_IP, 18090, TIMEOUT, 2, ns.execPrefix());
    }

    private static long threadCount(long pid) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
