package io.patchbay.signaling.room;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.core.room.RoomId;
import io.patchbay.media.MediaEngine;
import io.patchbay.media.MediaSettings;
import io.patchbay.signaling.ws.Json;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code layers-wanted} toward a publisher (docs/protocol.md, Simulcast): what the media plane reports through
 * {@code RouterListener.onLayersWanted} reaches the track's publisher once per change, and nobody else.
 */
class LayersWantedTest {
    private MediaEngine media;
    private Vertx vertx;
    private Context context;
    private RoomRegistry rooms;

    private static final class Recorder implements MessageSink {
        final List<ObjectNode> sent = new CopyOnWriteArrayList<>();

        @Override
        public void send(ObjectNode message) {
            sent.add(message);
        }

        @Override
        public void close(String reason) {
        }

        List<String> ofType(String type) {
            return sent.stream().filter(m -> m.path("type").asText().equals(type)).map(Json::write).toList();
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private void onContext(Body body) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                body.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void start() throws Exception {
        media = MediaEngine.start(new MediaSettings(0, List.of("127.0.0.1"), null, false, false, 1));
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        rooms = new RoomRegistry(media, List.of(), context);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        media.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void publisherHearsEachChangeOfTheLayersWanted() throws Exception {
        Recorder alice = new Recorder();
        Recorder bob = new Recorder();
        ParticipantHandle[] handle = new ParticipantHandle[1];
        onContext(() -> {
            handle[0] = rooms.join(new RoomId("layers"), "alice", alice);
            rooms.join(new RoomId("layers"), "bob", bob);
            try (InputStream in = LayersWantedTest.class.getResourceAsStream("/sdp/simulcast-offer.sdp")) {
                handle[0].publisherOffer(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        });
        String video = alice.sent.stream().filter(m -> m.path("type").asText().equals("track-published")
                && m.path("track").path("kind").asText().equals("video")).findFirst().orElseThrow()
                .path("track").path("id").asText();
        Room room = handle[0].room();
        // The media plane may report layers by itself (through RouterListener.onLayersWanted, hopping to this
        // context): let that settle, then start from a state that differs from the last one reported.
        int settled;
        do {
            settled = alice.ofType("layers-wanted").size();
            Thread.sleep(300);
        } while (alice.ofType("layers-wanted").size() != settled);
        List<String> before = alice.sent.stream().filter(m -> m.path("type").asText().equals("layers-wanted"))
                .reduce((a, b) -> b).map(m -> Json.MAPPER.convertValue(m.path("rids"), List.class))
                .map(l -> (List<String>) l).orElse(List.of("q", "h", "f"));
        List<String> first = before.equals(List.of("h")) ? List.of("q") : List.of("h");
        onContext(() -> {
            room.subscriptions.onLayersWanted(video, first);
            room.subscriptions.onLayersWanted(video, List.of("q", "h"));
            room.subscriptions.onLayersWanted(video, List.of("q", "h")); // the same again: no message
            room.subscriptions.onLayersWanted("TR_unknown", List.of("q"));
            room.subscriptions.onLayersWanted(video, List.of());
        });
        List<String> sent = alice.ofType("layers-wanted");
        String prefix = "{\"type\":\"layers-wanted\",\"trackId\":\"" + video + "\",\"rids\":";
        assertEquals(List.of(
                prefix + Json.write(Json.MAPPER.valueToTree(first)) + "}",
                prefix + "[\"q\",\"h\"]}",
                prefix + "[]}"), sent.subList(settled, sent.size()));
        assertEquals(List.of(), bob.ofType("layers-wanted"), "only the publisher");
    }
}
