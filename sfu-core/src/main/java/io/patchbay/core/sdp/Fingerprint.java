package io.patchbay.core.sdp;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate fingerprint, a=fingerprint (RFC 8122 section 5): a hash function name and the hash as
 * upper-case hex bytes separated by colons. The hash name is kept in lower case, as the IANA registry spells it.
 */
public record Fingerprint(String algorithm, String value) {
    public Fingerprint {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(value, "value");
        if (!algorithm.equals(algorithm.toLowerCase(Locale.ROOT)) || !value.equals(value.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("use Fingerprint.of to normalize case");
        }
        if (!isValid(algorithm, value)) {
            throw new IllegalArgumentException("bad fingerprint for " + algorithm);
        }
    }

    /** Normalizes case and validates; throws IllegalArgumentException for a bad hash name or bad hex. */
    public static Fingerprint of(String algorithm, String hex) {
        return new Fingerprint(algorithm.toLowerCase(Locale.ROOT), hex.toUpperCase(Locale.ROOT));
    }

    /** A SHA-256 fingerprint from raw hash bytes (32 of them). */
    public static Fingerprint sha256(byte[] hash) {
        if (hash.length != 32) {
            throw new IllegalArgumentException("a SHA-256 hash has 32 bytes, not " + hash.length);
        }
        StringBuilder hex = new StringBuilder(hash.length * 3);
        for (byte b : hash) {
            if (hex.length() > 0) {
                hex.append(':');
            }
            hex.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)));
            hex.append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
        return new Fingerprint("sha-256", hex.toString());
    }

    /** Parses the value of an a=fingerprint line ({@code "sha-256 AB:CD:..."}); empty when it is not valid. */
    public static Optional<Fingerprint> parse(String attributeValue) {
        String trimmed = attributeValue.trim();
        int space = SdpSyntax.indexOfBlank(trimmed);
        if (space <= 0) {
            return Optional.empty();
        }
        String algorithm = trimmed.substring(0, space).toLowerCase(Locale.ROOT);
        String hex = trimmed.substring(space + 1).trim().toUpperCase(Locale.ROOT);
        if (!isValid(algorithm, hex)) {
            return Optional.empty();
        }
        return Optional.of(new Fingerprint(algorithm, hex));
    }

    /** True when both name the same hash function and the same bytes, ignoring case. */
    public boolean matches(Fingerprint other) {
        return other != null && algorithm.equalsIgnoreCase(other.algorithm) && value.equalsIgnoreCase(other.value);
    }

    /** The hash bytes. */
    public byte[] bytes() {
        byte[] out = new byte[(value.length() + 1) / 3];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(value, i * 3, i * 3 + 2, 16);
        }
        return out;
    }

    /** The value of the a=fingerprint line. */
    public String toSdpValue() {
        return algorithm + " " + value;
    }

    /** Expected hash length in bytes for the names of the IANA "Hash Function Textual Names" registry; 0 if unknown. */
    static int expectedLength(String algorithm) {
        return switch (algorithm) {
            case "md2", "md5" -> 16;
            case "sha-1" -> 20;
            case "sha-224" -> 28;
            case "sha-256" -> 32;
            case "sha-384" -> 48;
            case "sha-512" -> 64;
            default -> 0;
        };
    }

    private static boolean isValid(String algorithm, String hex) {
        if (!SdpSyntax.isToken(algorithm) || algorithm.length() > 32) {
            return false;
        }
        // 2 hex digits per byte, a colon between bytes: 3n - 1 characters for n bytes.
        if (hex.length() < 2 || hex.length() % 3 != 2) {
            return false;
        }
        int bytes = (hex.length() + 1) / 3;
        int expected = expectedLength(algorithm);
        if (expected != 0 ? bytes != expected : bytes > 64) {
            return false;
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            boolean colonPlace = i % 3 == 2;
            boolean ok = colonPlace ? c == ':' : (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
