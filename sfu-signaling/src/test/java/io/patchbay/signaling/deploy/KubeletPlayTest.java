package io.patchbay.signaling.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.signaling.browser.NetworkNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Plays the kubelet for the production overlay: renders it, takes the media server container's environment (the
 * ConfigMap, the Secret's placeholder values, {@code status.hostIP} as the namespace's own address), its startup,
 * liveness and readiness probes and the pod's grace period less its preStop sleep, and runs the server with them in a
 * network namespace of its own (the manifest's fixed ports 8080 and 10000 are free there): probes pass, two
 * participants join with tokens from the Secret's API key, SIGTERM, the drain is checked from outside and the process
 * exits once they left, within the grace period ({@link KubeletScenario}, {@code DrainScenario}). The image's own start
 * script and JVM flags are checked by {@code ContainerImageIT}; here the server runs from the test classpath.
 */
class KubeletPlayTest {
    @Test
    void theProductionPodStartsServesAndDrainsAsDeclared() throws Exception {
        List<JsonNode> objects = Manifests.render("production");
        JsonNode deployment = Manifests.patchbayDeployment(objects);
        JsonNode container = Manifests.container(deployment, "patchbay");
        Map<String, String> fields = new HashMap<>(Manifests.TEST_FIELDS);
        fields.put("status.hostIP", "127.0.0.1");
        fields.put("status.podIP", "127.0.0.1");
        Map<String, String> env = Manifests.environment(objects, container, fields);
        JsonNode podSpec = deployment.path("spec").path("template").path("spec");
        long grace = podSpec.path("terminationGracePeriodSeconds").asLong();
        long preStop = preStopSleepSeconds(container);

        ObjectMapper json = new ObjectMapper();
        ObjectNode spec = json.createObjectNode();
        ObjectNode envNode = spec.putObject("env");
        env.forEach(envNode::put);
        for (String probe : List.of("startup", "liveness", "readiness")) {
            JsonNode p = container.path(probe + "Probe");
            assertTrue(p.has("httpGet"), probe + "Probe must be an HTTP GET the server answers: " + p);
            int port = Manifests.portNumber(container, p.path("httpGet").path("port"));
            spec.putObject(probe).put("path", p.path("httpGet").path("path").asText()).put("port", port)
                    .put("periodSeconds", p.path("periodSeconds").asInt(10))
                    .put("failureThreshold", p.path("failureThreshold").asInt(3));
        }
        spec.put("exitWithinSeconds", grace - preStop);
        Path file = Files.createTempFile("kubelet-spec", ".json");
        Files.writeString(file, json.writeValueAsString(spec));
        try (NetworkNamespace ns = NetworkNamespace.create("pbkube", "the production pod played in a namespace")) {
            NetworkNamespace.ChildRun child = ns.runJava(KubeletScenario.class, List.of(file.toString()), 120);
            String ok = child.line("KUBELET OK");
            System.out.println("production pod, grace " + grace + " s, preStop " + preStop + " s: "
                    + (ok != null ? ok : child.line("KUBELET FAIL")));
            assertTrue(child.ended(), "the scenario did not end:\n" + child.tail());
            assertNotNull(ok, child.tail());
            assertEquals(0, child.exit(), child.tail());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The {@code sleep N} of the container's preStop hook, or 0. */
    private static long preStopSleepSeconds(JsonNode container) {
        JsonNode command = container.path("lifecycle").path("preStop").path("exec").path("command");
        for (int i = 0; i + 1 < command.size(); i++) {
            if (command.get(i).asText().endsWith("sleep")) return Long.parseLong(command.get(i + 1).asText());
        }
        return 0;
    }
}
