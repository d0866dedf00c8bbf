package io.patchbay.signaling.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.signaling.health.DrainScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The child JVM of {@link KubeletPlayTest}, run inside a network namespace (so the manifest's fixed ports are free):
 * reads the environment, probes and times the test took from the rendered manifest, runs {@link DrainScenario} with
 * them and prints one line, {@code KUBELET OK ...} or {@code KUBELET FAIL ...}; the exit code says the same.
 */
public final class KubeletScenario {
    private KubeletScenario() {
    }

    public static void main(String[] args) throws Exception {
        JsonNode spec = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Map<String, String> env = new LinkedHashMap<>();
        spec.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        try (DrainScenario scenario = new DrainScenario()) {
            DrainScenario.Result r = scenario.run(env, probe(spec.path("startup")), probe(spec.path("liveness")),
                    probe(spec.path("readiness")), Duration.ofSeconds(spec.path("exitWithinSeconds").asLong()));
            System.out.printf("KUBELET OK ready-ms=%d not-ready-after-sigterm-ms=%d exit=%d exit-after-leave-ms=%d "
                    + "webhooks=%s%n", r.readyAfterMillis(), r.notReadyAfterSigtermMillis(), r.exitCode(),
                    r.exitAfterLeaveMillis(), r.webhooks());
            System.exit(0);
        } catch (AssertionError | Exception e) {
            System.out.println("KUBELET FAIL " + e.getMessage().replace('\n', ' '));
            System.exit(1);
        }
    }

    private static DrainScenario.Probe probe(JsonNode p) {
        return new DrainScenario.Probe(p.path("path").asText(), p.path("port").asInt(), p.path("periodSeconds").asInt(),
                p.path("failureThreshold").asInt());
    }
}
