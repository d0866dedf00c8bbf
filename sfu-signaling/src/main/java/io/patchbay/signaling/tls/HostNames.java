package io.patchbay.signaling.tls;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names a browser may use to reach this host, for the self-signed certificate: localhost, the loopback addresses,
 * the configured ones (public address, HTTP bind address) and every address of the host's up interfaces except
 * link-local ones (a URL cannot carry the zone they need). Reads the interfaces once, at start-up; resolves nothing.
 */
public final class HostNames {
    private HostNames() {
    }

    /** @param configured addresses or names from the configuration; null, blank and wildcard ones are ignored */
    public static List<String> forThisHost(List<String> configured) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        for (String c : configured) {
            if (c != null && !c.isBlank() && !c.equals("0.0.0.0") && !c.equals("::")) names.add(c.trim());
        }
        names.addAll(interfaceAddresses());
        return new ArrayList<>(names);
    }

    private static List<String> interfaceAddresses() {
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) continue;
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (!a.isLinkLocalAddress() && !a.isLoopbackAddress()) out.add(text(a));
                }
            }
        } catch (SocketException e) {
            // no interface list: the loopback and configured names still make a usable certificate
        }
        return out;
    }

    /**
     * Those of {@code names} a browser can open when the HTTP server binds {@code httpHost}: all of them on a wildcard
     * address; else that address, with localhost when it is a loopback one.
     */
    public static List<String> reachable(List<String> names, String httpHost) {
        if (httpHost.equals("0.0.0.0") || httpHost.equals("::")) return names;
        boolean loopback = httpHost.equals("::1") || httpHost.startsWith("127.");
        return loopback ? List.of("localhost", httpHost) : List.of(httpHost);
    }

    /**
     * The literal without the zone that Java appends to interface addresses, IPv6 with its first run of zero groups
     * shortened ({@code fd00:0:0:0:0:0:0:2%eth0} becomes {@code fd00::2}), as people type it in a URL.
     */
    private static String text(InetAddress a) {
        String s = a.getHostAddress();
        if (!(a instanceof Inet6Address)) return s;
        int zone = s.indexOf('%');
        return (zone >= 0 ? s.substring(0, zone) : s).replaceFirst("(^|:)(0(:|$)){2,}", "::");
    }

    /** {@code https://host:port/}, with brackets around an IPv6 literal. */
    public static String httpsUrl(String name, int port) {
        return "https://" + (name.contains(":") ? "[" + name + "]" : name) + ":" + port + "/";
    }
}
