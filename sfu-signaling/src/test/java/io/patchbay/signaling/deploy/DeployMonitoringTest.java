package io.patchbay.signaling.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.support.JsonSocket;
import io.patchbay.signaling.support.Metrics;
import io.patchbay.signaling.ws.ErrorCode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every series the Grafana dashboard (deploy/grafana) and the alert rules (the PrometheusRule of the rendered
 * production overlay) query exists in a real server's {@code /metrics}, with the label values they match on.
 */
class DeployMonitoringTest {
    /**
     * Series that do not come from Patchbay: Prometheus's own {@code up}, and kube-state-metrics' Deployment and
     * container state (the alerts for missing pods and restarts need it; it is part of kube-prometheus-stack).
     */
    private static final Set<String> EXTERNAL = Set.of("up", "kube_deployment_status_replicas_available",
            "kube_deployment_spec_replicas",
            "kube_pod_container_status_restarts_total");
    /** Labels that Prometheus adds when it scrapes (target labels), not the server. */
    private static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "job", "instance", "service",
            "endpoint", "container");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? \\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static PatchbayServer server;
    /** Series name -> the label sets of its samples. */
    private static Map<String, List<Map<String, String>>> series;

    @BeforeAll
    static void scrapeARealServer() throws Exception {
        // Webhooks on (their counters exist only then); no room event happens, so the URL is never called.
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0).withMediaPort(0)
                .withBindAddresses(List.of("127.0.0.1"))
                .withWebhooks(new PatchbayConfig.Webhooks(List.of("http://127.0.0.1:9/never-called"), "test-secret")));
        // Error counters appear with their first error, GC pause timers with the first collection.
        try (JsonSocket socket = new JsonSocket(server.httpPort())) {
            assertEquals("unknown-type", socket.errorCodeFor("{\"type\":\"no-such-message\"}"));
        }
        System.gc();
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            series = parse(Metrics.scrape(server.httpPort()));
            if (series.containsKey("jvm_gc_pause_seconds_count") && series.containsKey("patchbay_signaling_errors_total")) break;
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void everyDashboardQueryNamesSeriesTheServerExports() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Manifests.deploy().resolve("grafana/patchbay-dashboard.json")));
        Map<String, String> queries = new LinkedHashMap<>();
        collectTargets(dashboard.path("panels"), queries);
        assertTrue(queries.size() >= 25, "dashboard queries found: " + queries.size());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> q : queries.entrySet()) problems.addAll(check(q.getKey(), q.getValue()));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asText())) continue;
            String query = variable.path("query").isObject() ? variable.path("query").path("query").asText() : variable.path("query").asText();
            Matcher m = Pattern.compile("^label_values\\((.*),\\s*([a-z_]+)\\)$").matcher(query);
            assertTrue(m.matches(), "variable " + variable.path("name").asText() + ": " + query);
            problems.addAll(check("variable " + variable.path("name").asText(), m.group(1)));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyAlertRuleNamesSeriesTheServerExports() {
        JsonNode rule = Manifests.find(Manifests.render("production"), "PrometheusRule", "patchbay").orElseThrow();
        List<String> problems = new ArrayList<>();
        int alerts = 0;
        Set<String> names = new TreeSet<>();
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode r : group.path("rules")) {
                alerts++;
                String alert = r.path("alert").asText();
                assertFalse(alert.isEmpty(), "every rule is an alert with a name");
                assertTrue(Set.of("critical", "warning").contains(r.path("labels").path("severity").asText()), alert);
                assertFalse(r.path("annotations").path("summary").asText().isEmpty(), alert + " has a summary");
                problems.addAll(check(alert, r.path("expr").asText()));
                PromQl.selectors(r.path("expr").asText()).forEach(s -> names.add(s.metric()));
            }
        }
        assertTrue(alerts >= 15, "alerts: " + alerts);
        assertEquals(List.of(), problems);
        // What an operator must hear about is covered.
        for (String needed : List.of("up", "patchbay_ready", "patchbay_draining", "patchbay_media_port_probes_total",
                "kube_pod_container_status_restarts_total",
                "patchbay_media_packets_dropped_total", "patchbay_dtls_handshakes_refused_total",
                "patchbay_signaling_errors_total", "patchbay_media_nacks_received_total", "jvm_memory_used_bytes")) {
            assertTrue(names.contains(needed), "no alert on " + needed);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "up{job=\"patchbay-pods\"} == 0 => up",
        "sum by (namespace, pod) (rate(patchbay_media_packets_dropped_total{reason=~\"queue_full|pool_exhausted\"}[5m])) > 0 => patchbay_media_packets_dropped_total",
        "(kube_pod_status_ready{condition=\"false\"} == 1) unless on (namespace, pod) (kube_pod_deletion_timestamp > 0) => kube_pod_status_ready kube_pod_deletion_timestamp",
        "8 * sum by (pod) (rate(a_total{namespace=~\"$namespace\"}[$__rate_interval])) / sum(b offset 5m) > 1e3 => a_total b",
        "max by (pod) (jvm_gc_pause_seconds_max{pod=~\"$pod\"}) and ignoring(job) c_bucket => jvm_gc_pause_seconds_max c_bucket",
    })
    void theSelectorReaderFindsEveryMetricAndNothingElse(String expr, String metrics) {
        assertEquals(Arrays.asList(metrics.trim().split(" ")),
                PromQl.selectors(expr).stream().map(PromQl.Selector::metric).toList());
    }

    @Test
    void theSelectorReaderKeepsLabelMatchers() {
        var s = PromQl.selectors("rate(x_total{reason=\"srtp_auth_failed\", pod=~\"$pod\"}[5m])").get(0);
        assertEquals(List.of(new PromQl.Matcher("reason", "=", "srtp_auth_failed"), new PromQl.Matcher("pod", "=~", "$pod")),
                s.matchers());
    }

    /** Problems with the series of one expression: unknown metrics, labels it does not have, values it never takes. */
    private static List<String> check(String where, String expr) {
        List<String> problems = new ArrayList<>();
        List<PromQl.Selector> selectors = PromQl.selectors(expr);
        if (selectors.isEmpty()) problems.add(where + ": no series in " + expr);
        for (PromQl.Selector s : selectors) {
            if (EXTERNAL.contains(s.metric())) continue;
            List<Map<String, String>> samples = series.get(s.metric());
            if (samples == null) {
                problems.add(where + ": " + s.metric() + " is not in /metrics");
                continue;
            }
            for (PromQl.Matcher m : s.matchers()) {
                if (TARGET_LABELS.contains(m.label())) continue;
                Set<String> values = samples.stream().map(l -> l.get(m.label())).filter(v -> v != null)
                        .collect(Collectors.toCollection(TreeSet::new));
                if (values.isEmpty()) {
                    problems.add(where + ": " + s.metric() + " has no label " + m.label());
                    continue;
                }
                // Error codes get their series with their first error: compare with the protocol's codes.
                if ("code".equals(m.label()) && "patchbay_signaling_errors_total".equals(s.metric())) {
                    values = Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).collect(Collectors.toCollection(TreeSet::new));
                }
                List<String> wanted = switch (m.op()) {
                    case "=" -> List.of(m.value());
                    case "=~" -> m.value().matches("[A-Za-z0-9_\\-| ]+") ? List.of(m.value().split("\\|")) : List.of();
                    default -> List.of();
                };
                for (String w : wanted) {
                    if (!values.contains(w)) problems.add(where + ": " + s.metric() + "{" + m.label() + "} is never " + w + " (it is one of " + values + ")");
                }
            }
        }
        return problems;
    }

    private static void collectTargets(JsonNode panels, Map<String, String> out) {
        for (JsonNode panel : panels) {
            int i = 0;
            for (JsonNode t : panel.path("targets")) {
                out.put("panel '" + panel.path("title").asText() + "' " + i++, t.path("expr").asText());
            }
            collectTargets(panel.path("panels"), out);
        }
    }

    private static Map<String, List<Map<String, String>>> parse(String scrape) {
        Map<String, List<Map<String, String>>> out = new HashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) throw new AssertionError("unreadable sample: " + line);
            Map<String, String> labels = new HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) labels.put(l.group(1), l.group(2));
            }
            out.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(labels);
        }
        return out;
    }
}
