package io.patchbay.signaling.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The probes the manifests declare hit paths the server serves: each overlay's startup, readiness and liveness
 * probes are read from the rendered Deployment, their port is the HTTP port, and a server started here answers each
 * path with 200 or 503 and a JSON body (the kubelet only reads the status; the body is for the operator).
 */
class DeployProbesTest {
    @Test
    void everyDeclaredProbeIsAPathTheServerAnswers() throws Exception {
        Map<String, String> probes = new LinkedHashMap<>();
        for (String overlay : Manifests.overlays()) {
            List<JsonNode> objects = Manifests.render(overlay);
            JsonNode server = Manifests.container(Manifests.patchbayDeployment(objects), "patchbay");
            Map<String, String> env = Manifests.serverEnvironment(objects);
            for (String kind : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                JsonNode httpGet = server.path(kind).path("httpGet");
                assertFalse(httpGet.isMissingNode(), overlay + " declares an HTTP " + kind);
                assertEquals(Integer.parseInt(env.get("PATCHBAY_HTTP_PORT")), Manifests.portNumber(server, httpGet.path("port")),
                        overlay + " " + kind + " probes the HTTP port");
                assertEquals("", httpGet.path("scheme").asText("HTTP").replace("HTTP", ""), "plain HTTP inside the pod");
                probes.put(overlay + " " + kind, httpGet.path("path").asText());
            }
        }
        PatchbayServer server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")));
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            List<String> problems = new ArrayList<>();
            for (Map.Entry<String, String> probe : probes.entrySet()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                        + probe.getValue())).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                String what = probe.getKey() + " GET " + probe.getValue() + " -> " + r.statusCode();
                if (r.statusCode() != 200 && r.statusCode() != 503) {
                    problems.add(what + " (the kubelet wants 200 when healthy, the server answers 503 when not)");
                    continue;
                }
                try {
                    JsonNode body = new ObjectMapper().readTree(r.body());
                    if (!body.isObject()) problems.add(what + ": body is not a JSON object: " + r.body());
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    problems.add(what + ": body is not JSON: " + r.body());
                }
            }
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        } finally {
            server.close();
        }
    }
}
