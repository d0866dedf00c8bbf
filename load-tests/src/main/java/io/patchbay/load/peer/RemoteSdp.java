package io.patchbay.load.peer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the test peer needs from the server's SDP (RFC 8866, RFC 8829 "JSEP"), read by its own small parser:
 * ICE credentials, DTLS fingerprint and setup role, BUNDLE group, and per m-section the mid, direction,
 * payload types, extmaps, msid and SSRC lines. Attributes may be at session or media level.
 */
public final class RemoteSdp {
    /** One m-section. {@code attributes} keeps every a= line (without "a=") in order. */
    public static final class Section {
        final int index;
        final String kind;
        final int port;
        final String proto;
        final List<Integer> payloadTypes = new ArrayList<>();
        final Map<Integer, String> rtpmap = new LinkedHashMap<>();
        final Map<Integer, String> extmap = new LinkedHashMap<>();
        final Map<Long, Map<String, String>> ssrcAttributes = new LinkedHashMap<>();
        final List<String> attributes = new ArrayList<>();
        String mid;
        String direction = "sendrecv";
        String msid;
        String iceUfrag;
        String icePwd;
        String fingerprint;
        String setup;

        Section(int index, String kind, int port, String proto) {
            this.index = index;
            this.kind = kind;
            this.port = port;
            this.proto = proto;
        }

        public String kind() {
            return kind;
        }

        public String mid() {
            return mid;
        }

        public int port() {
            return port;
        }

        public String direction() {
            return direction;
        }

        public List<Long> ssrcs() {
            return new ArrayList<>(ssrcAttributes.keySet());
        }

        /** The participant named by {@code a=msid:<participant> <track>} or, failing that, the ssrc msid attribute. */
        public String msidStream() {
            String m = msidValue();
            return m == null ? null : m.split(" ")[0];
        }

        public String msidTrack() {
            String m = msidValue();
            if (m == null) {
                return null;
            }
            String[] parts = m.split(" ");
            return parts.length > 1 ? parts[1] : null;
        }

        private String msidValue() {
            if (msid != null) {
                return msid;
            }
            for (Map<String, String> attrs : ssrcAttributes.values()) {
                if (attrs.containsKey("msid")) {
                    return attrs.get("msid");
                }
            }
            return null;
        }

        /** The payload type whose rtpmap encoding name matches (case-insensitive), or -1. */
        public int payloadTypeOf(String encodingName) {
            for (Map.Entry<Integer, String> e : rtpmap.entrySet()) {
                if (e.getValue().split("/")[0].equalsIgnoreCase(encodingName)) {
                    return e.getKey();
                }
            }
            return -1;
        }

        /** The extmap id for a URI, or -1. */
        public List<Integer> payloadTypes() {
            return List.copyOf(payloadTypes);
        }

        public Map<Integer, String> extmap() {
            return Map.copyOf(extmap);
        }

        public int index() {
            return index;
        }

        public int extmapId(String uri) {
            for (Map.Entry<Integer, String> e : extmap.entrySet()) {
                if (e.getValue().equals(uri)) {
                    return e.getKey();
                }
            }
            return -1;
        }
    }

    private static final java.util.Set<String> MEDIA_ONLY = java.util.Set.of("mid", "rtpmap", "extmap", "ssrc");

    final String text;
    final List<Section> sections = new ArrayList<>();
    final List<String> bundle = new ArrayList<>();
    final List<String> candidates = new ArrayList<>();

    /** Session- and media-level {@code a=candidate} values (without "a="), in order. */
    public List<String> candidates() {
        return java.util.Collections.unmodifiableList(candidates);
    }
    private String iceUfrag;
    private String icePwd;
    private String fingerprint;
    private String setup;
    private boolean iceLite;

    private RemoteSdp(String text) {
        this.text = text;
    }

    public static RemoteSdp parse(String text) {
        RemoteSdp sdp = new RemoteSdp(text);
        Section current = null;
        for (String rawLine : text.split("\r?\n")) {
            String line = rawLine.trim();
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            char kind = line.charAt(0);
            String value = line.substring(2);
            if (kind == 'm') {
                String[] parts = value.split(" ");
                if (parts.length < 3) {
                    throw new IllegalArgumentException("bad m-line: " + line);
                }
                current = new Section(sdp.sections.size(), parts[0], Integer.parseInt(parts[1]), parts[2]);
                for (int i = 3; i < parts.length; i++) {
                    current.payloadTypes.add(Integer.parseInt(parts[i]));
                }
                sdp.sections.add(current);
            } else if (kind == 'a') {
                sdp.attribute(current, value);
            }
        }
        return sdp;
    }

    private void attribute(Section s, String a) {
        int colon = a.indexOf(':');
        String name = colon < 0 ? a : a.substring(0, colon);
        String value = colon < 0 ? "" : a.substring(colon + 1).trim();
        if (s != null) {
            s.attributes.add(a);
        } else if (MEDIA_ONLY.contains(name)) {
            return;
        }
        switch (name) {
            case "ice-ufrag" -> {
                if (s == null) {
                    iceUfrag = value;
                } else {
                    s.iceUfrag = value;
                }
            }
            case "ice-pwd" -> {
                if (s == null) {
                    icePwd = value;
                } else {
                    s.icePwd = value;
                }
            }
            case "fingerprint" -> {
                String[] parts = value.split(" ");
                if (parts.length == 2 && parts[0].equalsIgnoreCase("sha-256")) {
                    if (s == null) {
                        fingerprint = parts[1];
                    } else {
                        s.fingerprint = parts[1];
                    }
                }
            }
            case "setup" -> {
                if (s == null) {
                    setup = value;
                } else {
                    s.setup = value;
                }
            }
            case "group" -> {
                String[] parts = value.split(" ");
                if (parts[0].equals("BUNDLE")) {
                    for (int i = 1; i < parts.length; i++) {
                        bundle.add(parts[i]);
                    }
                }
            }
            case "candidate" -> candidates.add(a);
            case "ice-lite" -> {
                if (s == null) {
                    iceLite = true;
                }
            }
            case "mid" -> s.mid = value;
            case "sendrecv", "sendonly", "recvonly", "inactive" -> {
                if (s != null) {
                    s.direction = name;
                }
            }
            case "msid" -> {
                if (s != null) {
                    s.msid = value;
                }
            }
            case "rtpmap" -> {
                String[] parts = value.split(" ", 2);
                s.rtpmap.put(Integer.parseInt(parts[0]), parts.length > 1 ? parts[1] : "");
            }
            case "extmap" -> {
                String[] parts = value.split(" ");
                String id = parts[0].split("/")[0];
                s.extmap.put(Integer.parseInt(id), parts.length > 1 ? parts[1] : "");
            }
            case "ssrc" -> {
                String[] parts = value.split(" ", 2);
                long ssrc = Long.parseLong(parts[0]);
                Map<String, String> attrs = s.ssrcAttributes.computeIfAbsent(ssrc, x -> new LinkedHashMap<>());
                if (parts.length > 1) {
                    int c = parts[1].indexOf(':');
                    if (c < 0) {
                        attrs.put(parts[1], "");
                    } else {
                        attrs.put(parts[1].substring(0, c), parts[1].substring(c + 1));
                    }
                }
            }
            default -> { }
        }
    }

    public List<Section> sections() {
        return Collections.unmodifiableList(sections);
    }

    /** Sections with a non-zero port (not rejected). */
    public List<Section> activeSections() {
        return sections.stream().filter(s -> s.port != 0).toList();
    }

    public String iceUfrag() {
        return firstNonNull(iceUfrag, s -> s.iceUfrag);
    }

    public String icePwd() {
        return firstNonNull(icePwd, s -> s.icePwd);
    }

    public String fingerprint() {
        return firstNonNull(fingerprint, s -> s.fingerprint);
    }

    /** Whether the session says {@code a=ice-lite} (RFC 8445 section 2.5: the remote agent sends no checks). */
    public boolean iceLite() {
        return iceLite;
    }

    public String setup() {
        return firstNonNull(setup, s -> s.setup);
    }

    private String firstNonNull(String sessionValue, java.util.function.Function<Section, String> f) {
        if (sessionValue != null) {
            return sessionValue;
        }
        for (Section s : activeSections()) {
            String v = f.apply(s);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    public String text() {
        return text;
    }

    public List<String> bundle() {
        return List.copyOf(bundle);
    }

    @Override
    public String toString() {
        return text;
    }
}
