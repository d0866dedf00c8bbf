package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.signaling.PatchbayServer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo page over {@code https://} from a server started with {@code --tls-self-signed} ({@link HttpsCall}): on
 * 127.0.0.1, and at a LAN address from a second namespace-local interface, where a page served over plain
 * {@code http://} would get no camera (not a secure context). A browser without the certificate pin gets no page.
 */
class TlsBrowserTest {
    @BeforeAll
    static void browserInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @Test
    void twoPagesOverHttpsOnLoopbackSignalOverWssAndDecodeEachOther() throws Exception {
        try (PatchbayServer server = HttpsCall.startServer("127.0.0.1")) {
            System.out.println("over https/wss on loopback: " + HttpsCall.run("127.0.0.1", server.httpPort()));
            try (HeadlessChromium unpinned = HeadlessChromium.launch("tls-unpinned")) {
                unpinned.driver().get("https://127.0.0.1:" + server.httpPort() + "/?room=tls");
                Object state = unpinned.script("return location.protocol + ' ' + typeof window.patchbay;");
                assertTrue(String.valueOf(state).startsWith("chrome-error:"),
                        "without the pin Chromium shows its certificate error page, not the demo: " + state);
            }
        }
    }

    /**
     * A network namespace with a veth pair (10.77.0.1 and 10.77.0.2, TESTING.md's recipe): the server binds
     * 10.77.0.1 only, its self-signed certificate names it because it is an address of an up interface, and the
     * browsers, in the same namespace, open https://10.77.0.1 (the kernel routes it locally, not over the wire).
     */
    @Test
    void twoPagesOverHttpsAtALanAddressInANetworkNamespace() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create("pbtls", "the https call at a LAN address")) {
            ns.addVethPair("10.77.0.1/24", "10.77.0.2/24");
            System.out.println("over https/wss at a LAN address: "
                    + ns.runCall(HttpsCall.class, List.of("10.77.0.1"), 180, HttpsCall.RESULT_PREFIX));
        }
    }

    /**
     * The same over IPv6 alone: the server binds fd78::1 (HTTP and media), the pages open https://[fd78::1] and ICE
     * runs between IPv6 host candidates. The veth pair has IPv6 addresses only (nodad: usable at once) and a default
     * IPv6 route, without which Chromium gathers no IPv6 candidates.
     */
    @Test
    void twoPagesOverIpv6InANetworkNamespace() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create("pbv6", "the https call over IPv6")) {
            ns.addVethPair("fd78::1/64", "fd78::2/64");
            ns.ip("-6", "route", "add", "default", "dev", "va");
            System.out.println("over IPv6: "
                    + ns.runCall(HttpsCall.class, List.of("fd78::1"), 180, HttpsCall.RESULT_PREFIX));
        }
    }
}
