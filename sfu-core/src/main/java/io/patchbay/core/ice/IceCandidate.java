package io.patchbay.core.ice;

import java.util.Locale;
import java.util.Optional;

/**
 * One ICE candidate as carried in SDP or trickled ({@code candidate:...}), RFC 8839 section 5.1:
 * <pre>
 * candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
 *                       connection-address SP port SP "typ" SP cand-type
 *                       [SP rel-addr] [SP rel-port] *(SP cand-extension)
 * </pre>
 * Parsing never throws: malformed input yields {@link Optional#empty()} with the reason in {@link ParseResult}.
 */
public record IceCandidate(
        String foundation,
        int componentId,
        String transport,
        long priority,
        String address,
        int port,
        CandidateType type,
        String relatedAddress,
        int relatedPort) {

    public enum CandidateType {
        HOST("host"), SRFLX("srflx"), PRFLX("prflx"), RELAY("relay");

        private final String sdpName;

        CandidateType(String sdpName) {
            this.sdpName = sdpName;
        }

        public String sdpName() {
            return sdpName;
        }

        static CandidateType parse(String s) {
            for (CandidateType t : values()) {
                if (t.sdpName.equals(s)) return t;
            }
            return null;
        }
    }

    /** Why a candidate line was not usable. */
    /** Why a line is not a usable candidate; NOT_IP_LITERAL: a name (never looked up), not an IPv4/IPv6 literal. */
    public enum ParseError { MALFORMED, UNSUPPORTED_TRANSPORT, MDNS_ADDRESS, NOT_IP_LITERAL }

    /** Either a candidate or the reason there is none. */
    public record ParseResult(IceCandidate candidate, ParseError error) {
        public boolean ok() {
            return candidate != null;
        }
    }

    private static final int MAX_LINE_LENGTH = 1024;

    public boolean isUdp() {
        return "udp".equals(transport);
    }

    /** Parses {@code candidate:...} (with or without the leading {@code a=}). */
    public static ParseResult parse(String line) {
        if (line == null || line.isEmpty() || line.length() > MAX_LINE_LENGTH) {
            return new ParseResult(null, ParseError.MALFORMED);
        }
        String s = line.startsWith("a=") ? line.substring(2) : line;
        if (!s.startsWith("candidate:")) return new ParseResult(null, ParseError.MALFORMED);
        String[] f = s.substring("candidate:".length()).trim().split(" +");
        if (f.length < 8 || !"typ".equals(f[6])) return new ParseResult(null, ParseError.MALFORMED);
        try {
            int component = Integer.parseInt(f[1]);
            String transport = f[2].toLowerCase(Locale.ROOT);
            long priority = Long.parseLong(f[3]);
            String address = f[4];
            int port = Integer.parseInt(f[5]);
            CandidateType type = CandidateType.parse(f[7]);
            if (component < 1 || component > 256 || priority < 0 || priority > 0xFFFFFFFFL
                    || port < 0 || port > 65535 || type == null || f[0].isEmpty() || f[0].length() > 32) {
                return new ParseResult(null, ParseError.MALFORMED);
            }
            if (!"udp".equals(transport)) return new ParseResult(null, ParseError.UNSUPPORTED_TRANSPORT);
            if (address.toLowerCase(Locale.ROOT).endsWith(".local")) {
                return new ParseResult(null, ParseError.MDNS_ADDRESS);
            }
            if (!IpLiteral.isLiteral(address)) return new ParseResult(null, ParseError.NOT_IP_LITERAL);
            String raddr = null;
            int rport = 0;
            for (int i = 8; i + 1 < f.length; i += 2) {
                if ("raddr".equals(f[i])) raddr = f[i + 1];
                if ("rport".equals(f[i])) rport = Integer.parseInt(f[i + 1]);
            }
            if (rport < 0 || rport > 65535) return new ParseResult(null, ParseError.MALFORMED);
            if (raddr == null || !IpLiteral.isLiteral(raddr)) {
                // rel-addr and rel-port come as a pair (RFC 8839 section 5.1); informational only (RFC 8445
                // 5.1.1.4), browsers may hide the address: without a usable address the port means nothing.
                raddr = null;
                rport = 0;
            }
            return new ParseResult(new IceCandidate(f[0], component, transport, priority, address, port, type, raddr, rport), null);
        } catch (NumberFormatException e) {
            return new ParseResult(null, ParseError.MALFORMED);
        }
    }

    /** The SDP attribute value, without {@code a=}. */
    public String toSdp() {
        StringBuilder sb = new StringBuilder("candidate:").append(foundation).append(' ').append(componentId).append(' ')
                .append(transport).append(' ').append(priority).append(' ').append(address).append(' ').append(port)
                .append(" typ ").append(type.sdpName());
        if (relatedAddress != null) sb.append(" raddr ").append(relatedAddress).append(" rport ").append(relatedPort);
        return sb.append(" generation 0").toString();
    }
}
