package io.patchbay.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.core.ice.IpLiteral;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code bin/node-address FILE}: writes the public address of the node this pod runs on to FILE, for the server's
 * {@code PATCHBAY_PUBLIC_ADDRESS_FILE}. Run as an init container where nodes sit behind a 1:1 NAT (most clouds), so
 * that the downward API's {@code status.hostIP} (the node's internal address) is the wrong one to advertise.
 *
 * <p>Reads the Node object from the Kubernetes API with the pod's service account token (RBAC: {@code get} on
 * {@code nodes}): the annotation {@code patchbay.io/public-address} if the node has it (set it by hand or by your
 * provisioning), else the node's first {@code status.addresses} entry of type {@code ExternalIP} (which the cloud
 * provider fills in). Either must be an IP literal: browsers are given it as an ICE candidate.
 *
 * <p>Environment: {@code NODE_NAME} (downward API {@code spec.nodeName}, required); {@code
 * PATCHBAY_NODE_ADDRESS_ANNOTATION} and {@code PATCHBAY_NODE_ADDRESS_TYPE} to look elsewhere; {@code
 * KUBERNETES_SERVICE_HOST}/{@code _PORT} (set by the kubelet) or {@code PATCHBAY_KUBERNETES_API} (a base URL);
 * {@code PATCHBAY_SERVICE_ACCOUNT_DIR} (default the standard mount) with {@code token} and {@code ca.crt}.
 * Exit status 0 with the address written, 1 with one line saying what is missing.
 */
public final class NodeAddress {
    static final String DEFAULT_ANNOTATION = "patchbay.io/public-address";
    static final String DEFAULT_TYPE = "ExternalIP";
    static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

    private NodeAddress() {
    }

    public static void main(String[] args) {
        if (args.length != 1) fail("usage: node-address FILE");
        try {
            String node = env("NODE_NAME", null);
            if (node == null) fail("NODE_NAME is not set (downward API: fieldRef spec.nodeName)");
            String address = choose(fetchNode(node), env("PATCHBAY_NODE_ADDRESS_ANNOTATION", DEFAULT_ANNOTATION),
                    env("PATCHBAY_NODE_ADDRESS_TYPE", DEFAULT_TYPE));
            if (address == null) {
                fail("node " + node + " has neither the annotation " + env("PATCHBAY_NODE_ADDRESS_ANNOTATION",
                        DEFAULT_ANNOTATION) + " nor an address of type " + env("PATCHBAY_NODE_ADDRESS_TYPE",
                        DEFAULT_TYPE) + ": annotate it (kubectl annotate node " + node + " "
                        + DEFAULT_ANNOTATION + "=<public IP>)");
            }
            Path file = Path.of(args[0]);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, address + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("node-address: node " + node + " -> " + address);
        } catch (IOException e) {
            fail(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    /** The annotation if present, else the first address of {@code type}; null if neither; fails on a non-IP. */
    static String choose(JsonNode node, String annotation, String type) {
        String annotated = node.path("metadata").path("annotations").path(annotation).asText("").trim();
        if (!annotated.isEmpty()) return checked(annotated, "annotation " + annotation);
        for (JsonNode a : node.path("status").path("addresses")) {
            if (type.equals(a.path("type").asText())) return checked(a.path("address").asText("").trim(), type);
        }
        return null;
    }

    private static String checked(String address, String source) {
        if (!IpLiteral.isLiteral(address)) fail(source + " is not an IP address: '" + address + "'");
        return address;
    }

    private static JsonNode fetchNode(String node) throws IOException, InterruptedException {
        Path sa = Path.of(env("PATCHBAY_SERVICE_ACCOUNT_DIR", SERVICE_ACCOUNT_DIR));
        String base = env("PATCHBAY_KUBERNETES_API", null);
        if (base == null) {
            String host = env("KUBERNETES_SERVICE_HOST", null);
            if (host == null) fail("KUBERNETES_SERVICE_HOST is not set: not in a pod? (or set PATCHBAY_KUBERNETES_API)");
            base = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                    + env("KUBERNETES_SERVICE_PORT", "443");
        }
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        Path ca = sa.resolve("ca.crt");
        if (base.startsWith("https:")) client.sslContext(trusting(ca));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/nodes/"
                + URLEncoder.encode(node, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10))
                .header("accept", "application/json");
        Path token = sa.resolve("token");
        if (Files.isReadable(token)) request.header("authorization", "Bearer " + Files.readString(token).trim());
        HttpResponse<String> r = client.build().send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            fail("GET node " + node + ": HTTP " + r.statusCode() + (r.statusCode() == 403
                    ? " (the service account needs get on nodes: components/node-external-address)" : ""));
        }
        return new ObjectMapper().readTree(r.body());
    }

    /** TLS that trusts the cluster's CA only (the service account's ca.crt). */
    private static SSLContext trusting(Path caFile) throws IOException {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot use " + caFile + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static void fail(String message) {
        System.err.println("node-address: " + message);
        System.exit(1);
    }
}
