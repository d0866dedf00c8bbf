package io.patchbay.signaling.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay under deploy/kubernetes renders with {@code kubectl kustomize}, every object it renders matches the
 * Kubernetes API (fabric8 model, unknown fields refused), and the objects fit together the way a cluster would need:
 * selectors select, named ports and referenced ConfigMaps, Secrets and Services exist, the drain fits in the grace
 * period. No cluster is involved.
 */
class DeployManifestsTest {
    static List<String> overlays() throws Exception {
        return Manifests.overlays();
    }

    @Test
    void theOverlaysAreDevProductionAndProductionNat() throws Exception {
        assertEquals(List.of("dev", "production", "production-nat"), Manifests.overlays());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyRenderedObjectMatchesTheKubernetesApi(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        assertFalse(objects.isEmpty(), overlay + " renders nothing");
        for (JsonNode o : objects) KubernetesSchema.validate(o);
    }

    @Test
    void theValidationRefusesUnknownFieldsAndWrongTypes() throws Exception {
        JsonNode good = Manifests.patchbayDeployment(Manifests.render("production"));
        KubernetesSchema.validate(good);
        var misspelt = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) misspelt.path("spec").path("template").path("spec"))
                .put("terminationGracePeriod", 90);
        assertRefused(misspelt, "terminationGracePeriod");
        var wrongType = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) wrongType.path("spec")).put("replicas", "3");
        assertRefused(wrongType, "replicas");
        var nestedTypo = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) Manifests.container(nestedTypo, "patchbay")
                .path("readinessProbe").path("httpGet")).put("paht", "/health/ready");
        assertRefused(nestedTypo, "paht");
    }

    private static void assertRefused(JsonNode object, String field) {
        try {
            KubernetesSchema.validate(object);
        } catch (AssertionError expected) {
            assertTrue(expected.getMessage().contains(field), expected.getMessage());
            return;
        }
        fail("accepted " + field);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void namespacedObjectsLiveInTheOverlaysNamespace(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        List<JsonNode> namespaces = Manifests.ofKind(objects, "Namespace");
        assertEquals(1, namespaces.size(), overlay + " creates its namespace");
        String ns = namespaces.get(0).path("metadata").path("name").asText();
        Set<String> clusterScoped = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");
        for (JsonNode o : objects) {
            if (clusterScoped.contains(o.path("kind").asText())) continue;
            assertEquals(ns, o.path("metadata").path("namespace").asText(), o.path("kind").asText() + " "
                    + o.path("metadata").path("name").asText());
        }
        for (JsonNode binding : Manifests.ofKind(objects, "ClusterRoleBinding")) {
            for (JsonNode s : binding.path("subjects")) assertEquals(ns, s.path("namespace").asText());
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void referencesResolveInsideTheOverlay(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        List<String> problems = new ArrayList<>();
        for (JsonNode workload : Manifests.ofKind(objects, "Deployment")) {
            String w = workload.path("metadata").path("name").asText();
            JsonNode pod = workload.path("spec").path("template");
            if (!Manifests.selects(workload.path("spec").path("selector").path("matchLabels"), pod.path("metadata").path("labels"))) {
                problems.add(w + ": its selector does not select its own pods");
            }
            Set<String> volumes = new HashSet<>();
            for (JsonNode v : pod.path("spec").path("volumes")) {
                volumes.add(v.path("name").asText());
                if (v.has("configMap")) requireObject(objects, "ConfigMap", v.path("configMap").path("name").asText(), w, problems);
                if (v.has("secret")) requireObject(objects, "Secret", v.path("secret").path("secretName").asText(), w, problems);
            }
            List<JsonNode> containers = new ArrayList<>();
            pod.path("spec").path("initContainers").forEach(containers::add);
            pod.path("spec").path("containers").forEach(containers::add);
            for (JsonNode c : containers) {
                String where = w + "/" + c.path("name").asText();
                String image = c.path("image").asText();
                if (!image.contains("/") && !image.contains(":")) problems.add(where + ": image " + image + " was not set by the kustomization");
                for (JsonNode m : c.path("volumeMounts")) {
                    if (!volumes.contains(m.path("name").asText())) problems.add(where + ": mounts unknown volume " + m.path("name").asText());
                }
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    JsonNode p = c.path(probe);
                    JsonNode port = p.has("httpGet") ? p.path("httpGet").path("port") : p.path("tcpSocket").path("port");
                    if (!p.isMissingNode() && Manifests.portNumber(c, port) < 0) {
                        problems.add(where + ": " + probe + " port " + port + " is not a container port");
                    }
                }
                for (JsonNode from : c.path("envFrom")) {
                    if (from.has("configMapRef")) requireObject(objects, "ConfigMap", from.path("configMapRef").path("name").asText(), where, problems);
                    if (from.has("secretRef")) requireObject(objects, "Secret", from.path("secretRef").path("name").asText(), where, problems);
                }
                Set<String> defined = new HashSet<>();
                for (JsonNode from : c.path("envFrom")) {
                    if (from.has("configMapRef")) {
                        Manifests.find(objects, "ConfigMap", from.path("configMapRef").path("name").asText())
                                .ifPresent(cm -> defined.addAll(Manifests.data(cm).keySet()));
                    }
                }
                for (JsonNode e : c.path("env")) {
                    JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                    if (!ref.isMissingNode()) {
                        var secret = Manifests.find(objects, "Secret", ref.path("name").asText());
                        if (secret.isEmpty() || !Manifests.data(secret.get()).containsKey(ref.path("key").asText())) {
                            problems.add(where + ": env " + e.path("name").asText() + " names a missing secret key " + ref);
                        }
                    }
                    for (String undefined : Manifests.undefinedReferences(e.path("value").asText(), defined)) {
                        problems.add(where + ": env " + e.path("name").asText() + " uses $(" + undefined + ") before it is defined");
                    }
                    defined.add(e.path("name").asText());
                }
                List<String> commandLine = new ArrayList<>();
                c.path("command").forEach(a -> commandLine.add(a.asText()));
                c.path("args").forEach(a -> commandLine.add(a.asText()));
                for (String arg : commandLine) {
                    for (String undefined : Manifests.undefinedReferences(arg, defined)) {
                        problems.add(where + ": argument " + arg + " uses $(" + undefined + "), which env does not define");
                    }
                }
            }
        }
        for (JsonNode service : Manifests.ofKind(objects, "Service")) {
            String s = service.path("metadata").path("name").asText();
            List<JsonNode> backends = Manifests.ofKind(objects, "Deployment").stream().filter(d -> Manifests.selects(
                    service.path("spec").path("selector"), d.path("spec").path("template").path("metadata").path("labels"))).toList();
            if (backends.size() != 1) {
                problems.add("Service " + s + " selects " + backends.size() + " workloads");
                continue;
            }
            JsonNode podSpec = backends.get(0).path("spec").path("template").path("spec");
            for (JsonNode port : service.path("spec").path("ports")) {
                boolean found = false;
                for (JsonNode c : podSpec.path("containers")) {
                    for (JsonNode cp : c.path("ports")) {
                        boolean sameTarget = port.path("targetPort").isInt()
                                ? cp.path("containerPort").asInt() == port.path("targetPort").asInt()
                                : cp.path("name").asText().equals(port.path("targetPort").asText());
                        if (sameTarget && cp.path("protocol").asText("TCP").equals(port.path("protocol").asText("TCP"))) found = true;
                    }
                }
                if (!found) problems.add("Service " + s + " port " + port.path("name").asText() + " has no matching container port");
            }
        }
        for (JsonNode pdb : Manifests.ofKind(objects, "PodDisruptionBudget")) {
            if (Manifests.ofKind(objects, "Deployment").stream().noneMatch(d -> Manifests.selects(pdb.path("spec").path("selector")
                    .path("matchLabels"), d.path("spec").path("template").path("metadata").path("labels")))) {
                problems.add("PodDisruptionBudget " + pdb.path("metadata").path("name").asText() + " selects no pods");
            }
        }
        for (JsonNode monitor : Manifests.ofKind(objects, "ServiceMonitor")) {
            List<JsonNode> services = Manifests.ofKind(objects, "Service").stream().filter(s -> Manifests.selects(
                    monitor.path("spec").path("selector").path("matchLabels"), s.path("metadata").path("labels"))).toList();
            if (services.isEmpty()) problems.add("ServiceMonitor selects no Service");
            for (JsonNode endpoint : monitor.path("spec").path("endpoints")) {
                for (JsonNode s : services) {
                    boolean named = false;
                    for (JsonNode p : s.path("spec").path("ports")) named |= p.path("name").asText().equals(endpoint.path("port").asText());
                    if (!named) problems.add("ServiceMonitor endpoint port " + endpoint.path("port").asText() + " is not a port of " + s.path("metadata").path("name").asText());
                }
                JsonNode credentials = endpoint.path("authorization").path("credentials");
                if (!credentials.isMissingNode()) {
                    var secret = Manifests.find(objects, "Secret", credentials.path("name").asText());
                    if (secret.isEmpty() || !Manifests.data(secret.get()).containsKey(credentials.path("key").asText())) {
                        problems.add("ServiceMonitor credentials " + credentials + " name no Secret key");
                    }
                }
            }
        }
        for (JsonNode ingress : Manifests.ofKind(objects, "Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    JsonNode backend = path.path("backend").path("service");
                    var service = Manifests.find(objects, "Service", backend.path("name").asText());
                    boolean port = service.isPresent() && java.util.stream.StreamSupport.stream(service.get().path("spec")
                            .path("ports").spliterator(), false).anyMatch(p -> p.path("name").asText().equals(
                            backend.path("port").path("name").asText()) || p.path("port").asInt() == backend.path("port").path("number").asInt());
                    if (!port) problems.add("Ingress backend " + backend + " is no Service port");
                }
            }
        }
        assertEquals(List.of(), problems, overlay);
    }

    private static void requireObject(List<JsonNode> objects, String kind, String name, String where, List<String> problems) {
        // kube-root-ca.crt is published into every namespace by Kubernetes itself.
        if ("ConfigMap".equals(kind) && "kube-root-ca.crt".equals(name)) return;
        if (Manifests.find(objects, kind, name).isEmpty()) problems.add(where + ": no " + kind + " " + name);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void containersRunAsNonRootWithNothingToSpare(String overlay) {
        for (JsonNode workload : Manifests.ofKind(Manifests.render(overlay), "Deployment")) {
            JsonNode podSpec = workload.path("spec").path("template").path("spec");
            assertTrue(podSpec.path("securityContext").path("runAsNonRoot").asBoolean(), workload.toString());
            assertEquals("RuntimeDefault", podSpec.path("securityContext").path("seccompProfile").path("type").asText());
            List<JsonNode> containers = new ArrayList<>();
            podSpec.path("initContainers").forEach(containers::add);
            podSpec.path("containers").forEach(containers::add);
            for (JsonNode c : containers) {
                JsonNode sc = c.path("securityContext");
                String where = overlay + " " + c.path("name").asText();
                assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), where);
                assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), where);
                assertEquals("[\"ALL\"]", sc.path("capabilities").path("drop").toString(), where);
                assertTrue(c.path("resources").path("requests").has("memory"), where + " requests memory");
                assertTrue(c.path("resources").path("limits").has("memory"), where + " limits memory");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theDrainFitsInTheGracePeriod(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        JsonNode deployment = Manifests.patchbayDeployment(objects);
        JsonNode server = Manifests.container(deployment, "patchbay");
        Map<String, String> env = Manifests.serverEnvironment(objects);
        int drain = Integer.parseInt(env.get("PATCHBAY_DRAIN_TIMEOUT_SECONDS"));
        JsonNode preStop = server.path("lifecycle").path("preStop").path("exec").path("command");
        assertEquals("sleep", preStop.path(0).asText(), "preStop sleeps so endpoints update before SIGTERM");
        int sleep = preStop.path(1).asInt();
        int grace = deployment.path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asInt();
        assertTrue(sleep >= 5, "preStop sleep " + sleep);
        assertTrue(grace >= sleep + drain + 10, "terminationGracePeriodSeconds " + grace + " < preStop " + sleep
                + " + drain " + drain + " + 10 s for the JVM to exit");
        assertEquals(0, deployment.path("spec").path("strategy").path("rollingUpdate").path("maxSurge").asInt(-1),
                "no surge pod next to a draining one");
        assertEquals(1, deployment.path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable").asInt());
        JsonNode pdb = Manifests.find(objects, "PodDisruptionBudget", "patchbay").orElseThrow();
        assertEquals(1, pdb.path("spec").path("maxUnavailable").asInt(), "evictions take one media pod at a time");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theMediaPortIsTheAdvertisedPortOnTheNodesAddress(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        JsonNode deployment = Manifests.patchbayDeployment(objects);
        JsonNode server = Manifests.container(deployment, "patchbay");
        Map<String, String> env = Manifests.serverEnvironment(objects);
        int mediaPort = Integer.parseInt(env.get("PATCHBAY_MEDIA_PORT"));
        JsonNode media = null;
        for (JsonNode p : server.path("ports")) if ("media".equals(p.path("name").asText())) media = p;
        assertEquals("UDP", media.path("protocol").asText());
        assertEquals(mediaPort, media.path("containerPort").asInt(), "the server binds PATCHBAY_MEDIA_PORT");
        assertEquals("false", env.get("PATCHBAY_ADVERTISE_BOUND_ADDRESSES"), "pod addresses are not advertised");
        if (overlay.startsWith("production")) {
            // Browsers are told PUBLIC_ADDRESS:PATCHBAY_MEDIA_PORT: the node must forward that very port.
            assertEquals(mediaPort, media.path("hostPort").asInt(), "hostPort = media port");
            JsonNode anti = deployment.path("spec").path("template").path("spec").path("affinity").path("podAntiAffinity")
                    .path("requiredDuringSchedulingIgnoredDuringExecution").path(0);
            assertEquals("kubernetes.io/hostname", anti.path("topologyKey").asText(), "one media pod per node");
            assertEquals("true", deployment.path("spec").path("template").path("spec").path("nodeSelector").path("patchbay.io/media").asText());
            assertEquals(1, Manifests.ofKind(objects, "Ingress").size());
        } else {
            JsonNode nodePort = Manifests.find(objects, "Service", "patchbay-media").orElseThrow();
            assertEquals(mediaPort, nodePort.path("spec").path("ports").path(0).path("nodePort").asInt(), "NodePort = media port");
            assertEquals(0, media.path("hostPort").asInt(0));
        }
        if (overlay.equals("production-nat")) {
            assertTrue(env.containsKey("PATCHBAY_PUBLIC_ADDRESS_FILE"), "the init container's file");
            assertFalse(env.containsKey("PATCHBAY_PUBLIC_ADDRESS"), "not status.hostIP");
            JsonNode init = deployment.path("spec").path("template").path("spec").path("initContainers").path(0);
            assertEquals(server.path("image").asText(), init.path("image").asText(), "the init container is the server's image");
        } else {
            assertEquals(Manifests.TEST_FIELDS.get("status.hostIP"), env.get("PATCHBAY_PUBLIC_ADDRESS"), "status.hostIP");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theNodesFindEachOtherThroughAHeadlessServiceOfTheirOwnPods(String overlay) throws Exception {
        List<JsonNode> objects = Manifests.render(overlay);
        JsonNode deployment = Manifests.patchbayDeployment(objects);
        JsonNode server = Manifests.container(deployment, "patchbay");
        Map<String, String> env = Manifests.serverEnvironment(objects);
        JsonNode service = Manifests.find(objects, "Service", "patchbay-cluster").orElseThrow();
        String namespace = Manifests.TEST_FIELDS.get("metadata.namespace");
        // The name the server looks up is this Service in the pod's own namespace, and it lists every pod, ready
        // or not: a starting pod joins the cluster before it is ready.
        assertEquals("patchbay-cluster." + namespace + ".svc.cluster.local",
                env.get("PATCHBAY_CLUSTER_KUBERNETES_SERVICE_DNS"));
        assertEquals("None", service.path("spec").path("clusterIP").asText());
        assertTrue(service.path("spec").path("publishNotReadyAddresses").asBoolean());
        assertEquals(deployment.path("spec").path("selector").path("matchLabels"), service.path("spec").path("selector"));
        assertEquals(Manifests.TEST_FIELDS.get("status.podIP"), env.get("PATCHBAY_CLUSTER_HOST"), "the pod's address");
        assertFalse(env.containsKey("PATCHBAY_CLUSTER_MEMBERS"), "Kubernetes discovery, not a fixed member list");
        // The server's defaults (it is given no port) are the ports the container and the Service declare.
        io.patchbay.signaling.cluster.ClusterSettings defaults = io.patchbay.signaling.config.ConfigLoader.loadCluster(null);
        Map<String, Integer> declared = new java.util.HashMap<>();
        Map<String, String> protocols = new java.util.HashMap<>();
        for (JsonNode p : server.path("ports")) {
            declared.put(p.path("name").asText(), p.path("containerPort").asInt());
            protocols.put(p.path("name").asText(), p.path("protocol").asText());
        }
        assertEquals(defaults.port(), declared.get("hazelcast"));
        assertEquals(defaults.busPort(), declared.get("cluster-bus"));
        assertEquals(defaults.relayPort(), declared.get("cluster-relay"), "media between nodes");
        assertEquals("UDP", protocols.get("cluster-relay"));
        for (JsonNode p : service.path("spec").path("ports")) {
            String target = p.path("targetPort").asText();
            assertTrue(declared.containsKey(target), "Service port " + p + " targets a container port");
            assertEquals(protocols.get(target), p.path("protocol").asText(), "Service port " + p + " protocol");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void coturnSharesTheTurnSecretWithPatchbay(String overlay) {
        List<JsonNode> objects = Manifests.render(overlay);
        JsonNode coturnDeployment = Manifests.find(objects, "Deployment", "coturn").orElseThrow();
        JsonNode coturn = Manifests.container(coturnDeployment, "coturn");
        Map<String, String> serverEnv = Manifests.serverEnvironment(objects);
        Map<String, String> coturnEnv = Manifests.environment(objects, coturn, Manifests.TEST_FIELDS);
        List<String> args = new ArrayList<>();
        coturn.path("args").forEach(a -> args.add(a.asText()));
        assertTrue(args.contains("--static-auth-secret=$(TURN_SECRET)"), args.toString());
        assertEquals(serverEnv.get("PATCHBAY_TURN_SECRET"), coturnEnv.get("TURN_SECRET"));
        JsonNode config = Manifests.find(objects, "ConfigMap", coturnDeployment.path("spec").path("template").path("spec")
                .path("volumes").path(0).path("configMap").path("name").asText()).orElseThrow();
        String conf = Manifests.data(config).get("turnserver.conf");
        assertTrue(conf.lines().anyMatch("use-auth-secret"::equals), "coturn checks Patchbay's time-limited credentials");
        assertTrue(conf.lines().anyMatch("denied-peer-ip=169.254.0.0-169.254.255.255"::equals), "no relaying to cloud metadata");
        assertTrue(serverEnv.get("PATCHBAY_TURN_URLS").startsWith("turn:"), serverEnv.get("PATCHBAY_TURN_URLS"));
    }
}
