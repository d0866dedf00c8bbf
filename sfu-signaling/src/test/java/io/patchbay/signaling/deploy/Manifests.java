package io.patchbay.signaling.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The rendered Kubernetes manifests of {@code deploy/kubernetes/overlays/*}: {@code kubectl kustomize} as a real
 * process (stopped by its pid if it hangs), its YAML read as JSON trees, and the lookups the deploy tests share.
 */
final class Manifests {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();
    private static final Pattern VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private Manifests() {
    }

    /** The repository's top directory (the one holding deploy/kubernetes), from the test's working directory up. */
    static Path repo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/kubernetes/overlays"))) return p;
        }
        throw new IllegalStateException("no deploy/kubernetes/overlays above " + Path.of("").toAbsolutePath());
    }

    static Path deploy() {
        return repo().resolve("deploy");
    }

    /** Every overlay's name (a directory under deploy/kubernetes/overlays). */
    static List<String> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(deploy().resolve("kubernetes/overlays"))) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    /** The objects {@code kubectl kustomize deploy/kubernetes/overlays/NAME} prints (rendered once per JVM). */
    static List<JsonNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> {
            try {
                return parse(kustomize(deploy().resolve("kubernetes/overlays").resolve(o)));
            } catch (IOException e) {
                throw new AssertionError("cannot render overlay " + o + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
    }

    static List<JsonNode> parse(String yaml) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (var docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNextValue()) {
                JsonNode doc = (JsonNode) docs.nextValue();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) out.add(doc);
            }
        }
        return out;
    }

    /** kubectl's output; kubectl itself must exist (a loud skip here, a failure under CI). */
    private static String kustomize(Path dir) throws IOException, InterruptedException {
        String kubectl = kubectl();
        Path out = Files.createTempFile("kustomize", ".yaml");
        Path err = Files.createTempFile("kustomize", ".err");
        try {
            Process p = new ProcessBuilder(kubectl, "kustomize", dir.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException("kubectl kustomize " + dir + " did not finish in 60 s (pid " + p.pid() + " killed)");
            }
            if (p.exitValue() != 0) {
                throw new IOException("kubectl kustomize " + dir + " exited " + p.exitValue() + ": "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The kubectl on PATH (it carries Kustomize: kubectl kustomize). */
    static String kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) return candidate.toString();
        }
        String message = "deploy manifest tests NOT RUN: kubectl (with Kustomize 5) is not on PATH";
        System.err.println("SKIPPED: " + message);
        if (System.getenv("CI") != null) Assertions.fail(message + " (it is part of this kind of machine's image)");
        Assumptions.abort(message);
        return null;
    }

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static Optional<JsonNode> find(List<JsonNode> objects, String kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst();
    }

    /** Documentation addresses (RFC 5737) for the downward-API fields the manifests use. */
    static final Map<String, String> TEST_FIELDS = Map.of("status.hostIP", "192.0.2.1", "status.podIP", "192.0.2.2",
            "metadata.namespace", "patchbay",
            "spec.nodeName", "node-1");

    /** The media server container's environment, downward-API fields from {@link #TEST_FIELDS}. */
    static Map<String, String> serverEnvironment(List<JsonNode> objects) {
        return environment(objects, container(patchbayDeployment(objects), "patchbay"), TEST_FIELDS);
    }

    /** The media server's Deployment. */
    static JsonNode patchbayDeployment(List<JsonNode> objects) {
        return find(objects, "Deployment", "patchbay").orElseThrow(() -> new AssertionError("no Deployment patchbay"));
    }

    static JsonNode container(JsonNode workload, String name) {
        for (JsonNode c : workload.path("spec").path("template").path("spec").path("containers")) {
            if (name.equals(c.path("name").asText())) return c;
        }
        throw new AssertionError("no container " + name + " in " + workload.path("metadata").path("name").asText());
    }

    /** The containerPort a probe or Service names (by port name or number) in {@code container}, or -1. */
    static int portNumber(JsonNode container, JsonNode port) {
        if (port.isInt()) return port.asInt();
        for (JsonNode p : container.path("ports")) {
            if (port.asText().equals(p.path("name").asText())) return p.path("containerPort").asInt();
        }
        return -1;
    }

    /** A ConfigMap's or Secret's data as text (Secret values decoded). */
    static Map<String, String> data(JsonNode configMapOrSecret) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean secret = "Secret".equals(configMapOrSecret.path("kind").asText());
        configMapOrSecret.path("data").fields().forEachRemaining(e -> out.put(e.getKey(), secret
                ? new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)
                : e.getValue().asText()));
        configMapOrSecret.path("stringData").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /**
     * The environment the kubelet gives {@code container}: envFrom ConfigMaps and Secrets, then env in order with
     * {@code $(VAR)} expanded from what came before; downward-API fields from {@code fields} (e.g. status.hostIP).
     */
    static Map<String, String> environment(List<JsonNode> objects, JsonNode container, Map<String, String> fields) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) env.putAll(data(named(objects, "ConfigMap", from.path("configMapRef"))));
            if (from.has("secretRef")) env.putAll(data(named(objects, "Secret", from.path("secretRef"))));
        }
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            JsonNode source = e.path("valueFrom");
            String value;
            if (e.has("value")) {
                value = expand(e.path("value").asText(), env);
            } else if (source.has("secretKeyRef")) {
                value = key(objects, "Secret", source.path("secretKeyRef"));
            } else if (source.has("configMapKeyRef")) {
                value = key(objects, "ConfigMap", source.path("configMapKeyRef"));
            } else if (source.has("fieldRef")) {
                String path = source.path("fieldRef").path("fieldPath").asText();
                value = fields.get(path);
                if (value == null) throw new AssertionError("env " + name + ": no test value for field " + path);
            } else {
                throw new AssertionError("env " + name + ": unsupported source " + e);
            }
            env.put(name, value);
        }
        return env;
    }

    /** {@code $(VAR)} references that the kubelet would leave unexpanded (not defined before), as a list. */
    static List<String> undefinedReferences(String value, java.util.Set<String> definedBefore) {
        List<String> out = new ArrayList<>();
        Matcher m = VAR_REF.matcher(value);
        while (m.find()) {
            if (!definedBefore.contains(m.group(1))) out.add(m.group(1));
        }
        return out;
    }

    private static String expand(String value, Map<String, String> env) {
        Matcher m = VAR_REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static JsonNode named(List<JsonNode> objects, String kind, JsonNode ref) {
        String name = ref.path("name").asText();
        return find(objects, kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static String key(List<JsonNode> objects, String kind, JsonNode ref) {
        Map<String, String> data = data(named(objects, kind, ref));
        String key = ref.path("key").asText();
        if (!data.containsKey(key)) throw new AssertionError(kind + " " + ref.path("name").asText() + " has no key " + key);
        return data.get(key);
    }

    /** Labels as a map. */
    static Map<String, String> labels(JsonNode labels) {
        Map<String, String> out = new HashMap<>();
        labels.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Whether every label of a matchLabels/selector map is among {@code labels}. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        Map<String, String> have = labels(labels);
        if (selector.isEmpty()) return false;
        for (Map.Entry<String, String> want : labels(selector).entrySet()) {
            if (!want.getValue().equals(have.get(want.getKey()))) return false;
        }
        return true;
    }
}
