package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.ws.Json;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * patchbay.js with a real Chromium: {@code publish(stream, {simulcast: true})} negotiates three rid encodings (the
 * server answers {@code a=simulcast:recv q;h;f}, {@code track-published} lists the layers), {@code layers-wanted}
 * switches encodings off and on, and the subscriber-control methods send what docs/protocol.md specifies.
 */
class SimulcastBrowserTest {
    private static final String SCRIPT = """
            const [room, done] = [arguments[0], arguments[arguments.length - 1]];
            (async () => {
              const sockets = [];
              const Original = window.WebSocket;
              window.WebSocket = class extends Original {
                constructor(...args) { super(...args); sockets.push(this); }
              };
              const { Room } = await import('/patchbay.js');
              const r = new Room();
              const inbound = [];
              const outbound = [];
              r.addEventListener('signal', (e) => (e.detail.direction === 'in' ? inbound : outbound).push(e.detail.message));
              const errors = [];
              r.addEventListener('error', (e) => errors.push(e.detail.code));
              await r.join({ room, name: 'sim', autoSubscribe: false });
              const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 } });
              await r.publish(stream, { simulcast: true });
              const until = async (f) => { for (let i = 0; i < 100 && !f(); i++) await new Promise((ok) => setTimeout(ok, 50)); };
              await until(() => inbound.some((m) => m.type === 'track-published'));
              const published = inbound.find((m) => m.type === 'track-published');
              const sender = r.peerConnections.publisher.getSenders().find((s) => s.track?.kind === 'video');
              const rids = sender.getParameters().encodings.map((e) => e.rid);
              const active = () => sender.getParameters().encodings.map((e) => e.active);
              // The server's own first layers-wanted (within half a second of publishing: only 'q', nobody subscribes)
              // must not land between the fakes below.
              await until(() => inbound.some((m) => m.type === 'layers-wanted'));
              // The server's layers-wanted, as the media plane would send it.
              const fake = (rids) => sockets[sockets.length - 1].onmessage(
                { data: JSON.stringify({ type: 'layers-wanted', trackId: published.track.id, rids }) });
              fake(['q']);
              await until(() => active().join() === 'true,false,false');
              const onlyLowest = active();
              fake(['q', 'h', 'f']);
              await until(() => active().join() === 'true,true,true');
              const all = active();
              r.updateSubscription('TR_none', { maxHeight: 360 });
              r.subscribe(['TR_none']);
              r.unsubscribe(['TR_none']);
              await until(() => errors.length >= 3);
              done(JSON.stringify({ published: published.track, rids, onlyLowest, all, errors,
                answer: r.peerConnections.publisher.remoteDescription.sdp,
                sent: outbound.filter((m) => ['join', 'update-subscription', 'subscribe', 'unsubscribe'].includes(m.type)) }));
              r.leave();
            })().catch((e) => done(JSON.stringify({ error: String(e) })));
            """;

    private PatchbayServer server;
    private HeadlessChromium browser;

    @BeforeAll
    static void browserInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @Test
    void simulcastPublishLayersWantedAndSubscriberControl() throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")));
        String room = "simulcast-" + UUID.randomUUID().toString().substring(0, 6);
        browser = HeadlessChromium.launch("simulcast");
        browser.driver().get("http://127.0.0.1:" + server.httpPort() + "/?room=" + room);
        JsonNode r = Json.MAPPER.readTree((String) browser.asyncScript(SCRIPT, room));
        assertTrue(r.path("error").isMissingNode(), r.toString());
        String answer = r.path("answer").asText();
        JsonNode sent = r.path("sent");
        assertAll(
                () -> assertTrue(answer.contains("a=rid:q recv\r\na=rid:h recv\r\na=rid:f recv\r\na=simulcast:recv q;h;f\r\n"), answer),
                () -> assertEquals("[\"q\",\"h\",\"f\"]", r.path("rids").toString()),
                () -> assertTrue(r.path("published").path("simulcast").asBoolean(), r.toString()),
                () -> assertEquals("[\"q\",\"h\",\"f\"]", r.path("published").path("layers").toString()),
                () -> assertEquals("[true,false,false]", r.path("onlyLowest").toString()),
                () -> assertEquals("[true,true,true]", r.path("all").toString()),
                () -> assertEquals("[\"unknown-track\",\"unknown-track\",\"unknown-track\"]", r.path("errors").toString()),
                () -> assertEquals(false, sent.get(0).path("autoSubscribe").asBoolean(true), sent.toString()),
                () -> assertEquals("{\"type\":\"update-subscription\",\"trackId\":\"TR_none\",\"paused\":false,\"maxHeight\":360}",
                        Json.write(sent.get(1))),
                () -> assertEquals("{\"type\":\"subscribe\",\"trackIds\":[\"TR_none\"]}", Json.write(sent.get(2))),
                () -> assertEquals("{\"type\":\"unsubscribe\",\"trackIds\":[\"TR_none\"]}", Json.write(sent.get(3))));
    }
}
