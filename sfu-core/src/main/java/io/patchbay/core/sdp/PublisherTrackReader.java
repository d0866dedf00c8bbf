package io.patchbay.core.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the sources of a publisher's m-section (RFC 5576 ssrc lines, RFC 8830 msid, RFC 8851 rid) and its simulcast
 * layers: the rids the answer accepted ({@link RidSimulcast}), else legacy {@code a=ssrc-group:SIM} (an SSRC per
 * encoding, lowest first, each with its FID partner as RTX). Pure functions.
 */
final class PublisherTrackReader {
    private PublisherTrackReader() {
    }

    /** Synthetic rids of SSRC-group simulcast layers: {@code l0} (lowest), {@code l1}, {@code l2}. */
    static final String SIM_RID_PREFIX = "l";

    static PublishedTrack read(MediaSection offered, AcceptedCodecs codecs, List<HeaderExtension> acceptedExtensions,
                               List<String> acceptedRids) {
        Set<Long> repair = new HashSet<>();
        Map<Long, Long> rtxSsrcs = new LinkedHashMap<>();
        for (SsrcGroup group : offered.ssrcGroups()) {
            if (group.ssrcs().size() < 2) {
                continue;
            }
            if (group.is(SsrcGroup.FID)) {
                rtxSsrcs.putIfAbsent(group.ssrcs().get(0), group.ssrcs().get(1));
                repair.addAll(group.ssrcs().subList(1, group.ssrcs().size()));
            } else if (group.is("FEC-FR")) {
                repair.addAll(group.ssrcs().subList(1, group.ssrcs().size()));
            }
        }
        List<Long> media = new ArrayList<>();
        for (SsrcAttribute attribute : offered.ssrcs()) {
            long ssrc = attribute.ssrc();
            if (!repair.contains(ssrc) && !media.contains(ssrc)) {
                media.add(ssrc);
            }
        }
        Optional<String> cname = Optional.empty();
        Optional<Msid> ssrcMsid = Optional.empty();
        for (SsrcAttribute attribute : offered.ssrcs()) {
            if (!media.isEmpty() && attribute.ssrc() != media.get(0)) {
                continue;
            }
            if (cname.isEmpty() && attribute.name().equals("cname") && !attribute.value().isEmpty()) {
                cname = Optional.of(attribute.value());
            }
            if (ssrcMsid.isEmpty() && attribute.name().equals("msid")) {
                ssrcMsid = Optional.ofNullable(Msid.parseOrNull(attribute.value()));
            }
        }
        Optional<Msid> msid = offered.msid().isPresent() ? offered.msid() : ssrcMsid;
        List<String> rids = new ArrayList<>();
        for (String rid : offered.rids()) {
            String[] fields = SdpValues.fields(rid);
            if (fields.length >= 2 && fields[1].equals("send")) {
                rids.add(fields[0]);
            }
        }
        return new PublishedTrack(offered.mid().orElseThrow(), offered.kind(), codecs.mediaCodecs(),
                codecs.rtxPayloadTypes(), HeaderExtensionIds.from(acceptedExtensions), media, rtxSsrcs, msid, cname, rids,
                codecs.redPayloadType(), layers(offered, acceptedRids, rtxSsrcs));
    }

    private static List<SimulcastLayer> layers(MediaSection offered, List<String> acceptedRids, Map<Long, Long> rtxSsrcs) {
        List<SimulcastLayer> out = new ArrayList<>();
        for (String rid : acceptedRids) {
            out.add(new SimulcastLayer(rid, 0, 0));
        }
        if (!out.isEmpty() || offered.kind() != MediaKind.VIDEO) {
            return out;
        }
        // a=ssrc-group:SIM is libwebrtc's legacy simulcast signalling (no RFC; the group syntax is RFC 5576 section
        // 4.2): the first group of at least two SSRCs, lowest resolution first.
        for (SsrcGroup group : offered.ssrcGroups()) {
            if (!group.is(SsrcGroup.SIM) || group.ssrcs().size() < 2) {
                continue;
            }
            for (long ssrc : group.ssrcs().stream().distinct().limit(RidSimulcast.MAX_LAYERS).toList()) {
                out.add(new SimulcastLayer(SIM_RID_PREFIX + out.size(), ssrc, rtxSsrcs.getOrDefault(ssrc, 0L)));
            }
            break;
        }
        return out;
    }
}
