package io.patchbay.load.peer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what a subscriber received on one SSRC with what the publisher sent ({@link SentLog}): payload
 * bytes, payload type, mid extension, audio level, marker, and that the server's rewritten sequence numbers and
 * timestamps advance by exactly the same deltas as the publisher's (RFC 3550 section 8: rewrite, not resample).
 */
public final class StreamCheck {
    /** What is expected of the stream. Extension ids are the subscriber's (from the server's offer); -1 = absent. */
    public record Expectation(MediaKind kind, int publisherTag, int payloadType, int midExtensionId, String mid,
                              int audioLevelExtensionId, int absSendTimeExtensionId, int transportCcExtensionId) { }

    /** The findings; {@link #problems} holds the first few concrete failures. */
    public record Report(int packets, int foreignPackets, int payloadMismatches, int wrongPayloadType,
                         int midMismatches, int audioLevelMismatches, int markerMismatches,
                         int missingAbsSendTime, int missingTransportCc, int seqDeltaMismatches,
                         int tsDeltaMismatches, int seqGaps, int duplicates, int reordered,
                         Set<Integer> payloadTypes, Set<Integer> indices, List<String> problems) {
        /** How many distinct sent indices in [from, to) arrived. */
        public int deliveredIn(int from, int to) {
            int n = 0;
            for (int i : indices) {
                if (i >= from && i < to) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public String toString() {
            return "packets=" + packets + " foreign=" + foreignPackets + " payloadMismatches=" + payloadMismatches
                    + " wrongPt=" + wrongPayloadType + " pts=" + payloadTypes + " midMismatches=" + midMismatches
                    + " audioLevelMismatches=" + audioLevelMismatches + " markerMismatches=" + markerMismatches
                    + " missingAbsSendTime=" + missingAbsSendTime + " missingTransportCc=" + missingTransportCc
                    + " seqDeltaMismatches=" + seqDeltaMismatches + " tsDeltaMismatches=" + tsDeltaMismatches
                    + " seqGaps=" + seqGaps + " duplicates=" + duplicates + " reordered=" + reordered
                    + (indices.isEmpty() ? "" : " indices=" + ((TreeSet<Integer>) indices).first() + ".."
                    + ((TreeSet<Integer>) indices).last()) + " problems=" + problems;
        }
    }

    private StreamCheck() {
    }

    public static Report check(List<ReceivedStream.ReceivedPacket> received, SentLog sent, Expectation e) {
        int foreign = 0, payloadMismatch = 0, wrongPt = 0, midMismatch = 0, levelMismatch = 0, markerMismatch = 0;
        int noAbs = 0, noTcc = 0, seqDelta = 0, tsDelta = 0, gaps = 0, dups = 0, reordered = 0;
        Set<Integer> pts = new TreeSet<>();
        TreeSet<Integer> indices = new TreeSet<>();
        Set<Integer> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        ReceivedStream.ReceivedPacket prev = null;
        MediaPattern prevPattern = null;
        for (ReceivedStream.ReceivedPacket p : received) {
            pts.add(p.payloadType());
            if (p.payloadType() != e.payloadType()) {
                wrongPt++;
            }
            MediaPattern pattern = MediaPattern.read(p.payload());
            if (pattern == null || pattern.publisherTag() != e.publisherTag() || pattern.kind() != e.kind()) {
                foreign++;
                note(problems, "seq " + p.sequenceNumber() + ": payload is not from the expected publisher/kind: " + pattern);
                continue;
            }
            SentLog.SentPacket s = sent.get(e.kind(), pattern.index());
            if (s == null || !Arrays.equals(s.payload(), p.payload())) {
                payloadMismatch++;
                note(problems, "index " + pattern.index() + ": payload differs (" + p.payload().length + " bytes received, "
                        + (s == null ? "never sent" : s.payload().length + " sent") + ")");
            }
            if (s != null && s.marker() != p.marker()) {
                markerMismatch++;
                note(problems, "index " + pattern.index() + ": marker " + p.marker() + " != sent " + s.marker());
            }
            byte[] mid = e.midExtensionId() < 0 ? null : p.extensions().get(e.midExtensionId());
            if (mid == null || !new String(mid, StandardCharsets.US_ASCII).equals(e.mid())) {
                midMismatch++;
                note(problems, "index " + pattern.index() + ": mid extension "
                        + (mid == null ? "missing" : "'" + new String(mid, StandardCharsets.US_ASCII) + "'")
                        + " != '" + e.mid() + "' (extensions " + p.extensions().keySet() + ")");
            }
            if (e.audioLevelExtensionId() >= 0 && s != null) {
                byte[] level = p.extensions().get(e.audioLevelExtensionId());
                if (level == null || level.length < 1 || (level[0] & 0xFF) != s.audioLevel()) {
                    levelMismatch++;
                    note(problems, "index " + pattern.index() + ": audio level " + (level == null ? "missing"
                            : Integer.toString(level[0] & 0xFF)) + " != sent " + s.audioLevel());
                }
            }
            if (e.absSendTimeExtensionId() >= 0 && !p.extensions().containsKey(e.absSendTimeExtensionId())) {
                noAbs++;
            }
            if (e.transportCcExtensionId() >= 0 && !p.extensions().containsKey(e.transportCcExtensionId())) {
                noTcc++;
            }
            if (!seen.add(pattern.index())) {
                dups++;
                note(problems, "index " + pattern.index() + " received twice");
            }
            indices.add(pattern.index());
            if (prev != null) {
                if (pattern.index() < prevPattern.index()) {
                    reordered++;
                }
                int rxSeq = (p.sequenceNumber() - prev.sequenceNumber()) & 0xFFFF;
                int txSeq = (pattern.originalSequence() - prevPattern.originalSequence()) & 0xFFFF;
                if (rxSeq != 1) {
                    gaps++;
                }
                if (rxSeq != txSeq) {
                    seqDelta++;
                    note(problems, "index " + prevPattern.index() + "->" + pattern.index() + ": seq delta "
                            + rxSeq + " != sent delta " + txSeq);
                }
                long rxTs = (p.timestamp() - prev.timestamp()) & 0xFFFFFFFFL;
                long txTs = (pattern.originalTimestamp() - prevPattern.originalTimestamp()) & 0xFFFFFFFFL;
                if (rxTs != txTs) {
                    tsDelta++;
                    note(problems, "index " + prevPattern.index() + "->" + pattern.index() + ": timestamp delta "
                            + rxTs + " != sent delta " + txTs);
                }
            }
            prev = p;
            prevPattern = pattern;
        }
        return new Report(received.size(), foreign, payloadMismatch, wrongPt, midMismatch, levelMismatch,
                markerMismatch, noAbs, noTcc, seqDelta, tsDelta, gaps, dups, reordered, pts, indices, problems);
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < 5) {
            problems.add(problem);
        }
    }
}
