package io.patchbay.signaling.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.signaling.room.RoomRegistry;
import io.patchbay.signaling.ws.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the registered routes describe the same API: every route is documented and vice versa. */
class OpenApiRoutesTest {
    @Test
    void everyRegisteredRouteIsDocumentedAndViceVersa() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            // As the server mounts them: the node list (alone or clustered), then the room API.
            ClusterRoutes.mountNodes(router, null, "local", () -> io.vertx.core.Future.succeededFuture(List.of()));
            RestApi.mount(router, new RoomRegistry(null, List.of(), vertx.getOrCreateContext()), null, () -> { });
            TreeSet<String> registered = new TreeSet<>();
            for (Route route : router.getRoutes()) {
                String path = route.getPath();
                if (path == null || !path.startsWith(RestApi.PREFIX) || route.methods() == null) continue;
                String openApiPath = path.replaceAll(":([A-Za-z]+)", "{$1}");
                for (HttpMethod m : route.methods()) registered.add(m.name() + " " + openApiPath);
            }

            TreeSet<String> documented = new TreeSet<>();
            JsonNode doc = Json.MAPPER.readTree(OpenApiDocument.load());
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> p = paths.next();
                for (Iterator<String> ops = p.getValue().fieldNames(); ops.hasNext(); ) {
                    documented.add(ops.next().toUpperCase() + " " + p.getKey());
                }
            }
            assertEquals(documented, registered);
            assertEquals(14, registered.size(), registered.toString());
        } finally {
            vertx.close();
        }
    }
}
