package io.patchbay.signaling.rest;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the OpenAPI 3 description of the REST API, the classpath resource {@code openapi.json}. */
final class OpenApiDocument {
    static final String RESOURCE = "/openapi.json";

    private OpenApiDocument() {
    }

    /** The document's text, read once when the routes are mounted. */
    static String load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("classpath resource " + RESOURCE + " is missing");
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Handler<RoutingContext> handler() {
        String document = load();
        return ctx -> ctx.response().putHeader("content-type", "application/json").end(document);
    }
}
