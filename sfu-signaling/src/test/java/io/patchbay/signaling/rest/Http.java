package io.patchbay.signaling.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.signaling.ws.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny JSON HTTP client for the REST tests (JDK HttpClient). */
final class Http {
    /** A response: status and the parsed body (a missing node when the body is empty). */
    record Response(int status, JsonNode body) {
        String errorCode() {
            return body.path("error").path("code").asText();
        }
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Response get(String path) throws Exception {
        return send("GET", path, null);
    }

    Response delete(String path) throws Exception {
        return send("DELETE", path, null);
    }

    Response post(String path, String body) throws Exception {
        return send("POST", path, body);
    }

    Response send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("content-type", "application/json");
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = r.body().isEmpty() ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(r.body());
        return new Response(r.statusCode(), parsed);
    }
}
