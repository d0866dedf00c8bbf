package io.patchbay.core.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Rid-based simulcast of a publisher's video m-section: reads the offer's {@code a=rid} (RFC 8851) and
 * {@code a=simulcast} (RFC 8853) lines and writes the answer's. Pure functions, any thread.
 *
 * <pre>
 * rid-syntax  = "a=rid:" rid-id SP rid-dir [ rid-pt-param-list / rid-param-list ]   (RFC 8851 section 10)
 * rid-id      = 1*(alpha-numeric / "-" / "_")
 * sc-value    = ( sc-send [SP sc-recv] ) / ( sc-recv [SP sc-send] )                 (RFC 8853 section 5.1)
 * sc-send     = %s"send" SP sc-str-list
 * sc-str-list = sc-alt-list *( ";" sc-alt-list )
 * sc-alt-list = sc-id *( "," sc-id )
 * sc-id       = [ "~" ] rid-id                                                      ("~": paused)
 * </pre>
 *
 * <p>Accepted: the first {@link #MAX_LAYERS} entries of the send list, in the offered order (lowest first by this
 * server's convention: Patchbay's client sends q, h, f; Chrome keeps the order of the app's sendEncodings). Of
 * alternatives ({@code a,b}) the first usable one is taken. A paused rid ({@code ~f}) is accepted as not paused:
 * the answer lists it without {@code ~}, and the layer simply starts when the publisher sends it. A rid is usable
 * when an {@code a=rid:<id> send} line defines it (RFC 8853 section 5.2), it has at most
 * {@link SimulcastLayer#MAX_RID_LENGTH} characters and appears once. Restrictions ({@code pt=}, {@code max-width=}
 * ...) are not repeated in the answer (RFC 8851 section 7.2 lets the answerer drop them). Without the RtpStreamId
 * extension (RFC 8852) accepted there is no simulcast: the publisher then sends a single encoding.
 */
final class RidSimulcast {
    static final int MAX_LAYERS = 3;

    private RidSimulcast() {
    }

    /** The rids to receive, lowest first; empty when the section gets no simulcast. */
    static List<String> acceptedRids(MediaSection offered, List<HeaderExtension> acceptedExtensions) {
        if (offered.kind() != MediaKind.VIDEO || offered.simulcast().isEmpty()
                || acceptedExtensions.stream().noneMatch(e -> e.uri().equals(RtpHeaderExtensions.RID))) {
            return List.of();
        }
        List<String> defined = sendRids(offered);
        String sendList = sendList(offered.simulcast().get());
        List<String> out = new ArrayList<>();
        if (sendList == null) {
            return out;
        }
        for (String alternatives : sendList.split(";", -1)) {
            if (out.size() == MAX_LAYERS) {
                break;
            }
            for (String id : alternatives.split(",", -1)) {
                String rid = id.startsWith("~") ? id.substring(1) : id;
                if (isRidId(rid) && defined.contains(rid) && !out.contains(rid)) {
                    out.add(rid);
                    break;
                }
            }
        }
        return out;
    }

    /** The answer's lines for these rids: {@code a=rid:<id> recv} each, and {@code a=simulcast:recv a;b;c}. */
    static MediaSection.Builder answer(MediaSection.Builder section, List<String> rids) {
        if (rids.isEmpty()) {
            return section;
        }
        return section.rids(rids.stream().map(r -> r + " recv").toList()).simulcast("recv " + String.join(";", rids));
    }

    /** rid-id (RFC 8851 section 10), at most {@link SimulcastLayer#MAX_RID_LENGTH} characters. */
    static boolean isRidId(String s) {
        if (s.isEmpty() || s.length() > SimulcastLayer.MAX_RID_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Ids of the {@code a=rid:<id> send ...} lines. */
    private static List<String> sendRids(MediaSection offered) {
        List<String> out = new ArrayList<>();
        for (String rid : offered.rids()) {
            String[] fields = SdpValues.fields(rid);
            if (fields.length >= 2 && fields[1].equals("send")) {
                out.add(fields[0]);
            }
        }
        return out;
    }

    /** The sc-str-list after {@code send}, or null when the value has no send direction. */
    private static String sendList(String simulcast) {
        String[] fields = SdpValues.fields(simulcast);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            if (fields[i].equals("send")) {
                return fields[i + 1];
            }
        }
        return null;
    }
}
