package io.patchbay.signaling.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.media.transport.MediaPortProbe;
import io.patchbay.signaling.ws.Json;
import io.vertx.ext.web.Router;

/**
 * {@code GET /health/live}: the process and its event loop work (this handler runs on the event loop, so an answer
 * proves it turns). {@code GET /health/ready}: 200 when the server should get participants, 503 with the reason
 * while it starts, drains, or its media port fails the self-probe ({@link Readiness}). Both without authentication:
 * they say nothing about rooms or participants.
 */
public final class HealthRoutes {
    private HealthRoutes() {
    }

    public static void mount(Router router, Readiness readiness) {
        router.get("/health/live").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store").end("{\"status\":\"live\"}"));
        router.get("/health/ready").handler(ctx -> {
            long now = System.currentTimeMillis();
            Readiness.State state = readiness.state(now);
            ObjectNode body = Json.object().put("status", state.wireName());
            MediaPortProbe.Result probe = readiness.lastProbe();
            if (probe != null) {
                ObjectNode p = body.putObject("mediaPort").put("ok", probe.ok())
                        .put("ageMillis", now - readiness.lastProbeAtMillis());
                if (probe.ok()) p.put("roundTripMillis", probe.roundTripMillis());
                if (probe.error() != null) p.put("error", probe.error());
            }
            ctx.response().setStatusCode(state == Readiness.State.READY ? 200 : 503)
                    .putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                    .end(body.toString());
        });
    }
}
