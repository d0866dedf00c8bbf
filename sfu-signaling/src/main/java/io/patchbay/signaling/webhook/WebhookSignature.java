package io.patchbay.signaling.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Patchbay-Signature} header: {@code t=<unix seconds>,v1=<lowercase hex HMAC-SHA256(secret,
 * "<t>." + raw body)>}. Signing the time with the body lets a receiver refuse a captured delivery replayed later:
 * {@link #verify} accepts a timestamp at most {@link #TOLERANCE_SECONDS} from its own clock.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Patchbay-Signature";
    /** How far a delivery's timestamp may be from the receiver's clock (5 minutes). */
    public static final long TOLERANCE_SECONDS = 300;

    private WebhookSignature() {
    }

    /** Lowercase hex HMAC-SHA256 of {@code data} keyed with the UTF-8 bytes of {@code secret}. */
    public static String hmacSha256Hex(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] out = mac.doFinal(data);
            StringBuilder sb = new StringBuilder(out.length * 2);
            for (byte b : out) sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            return sb.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The header value for {@code body} sent at {@code unixSeconds}. */
    public static String sign(String secret, byte[] body, long unixSeconds) {
        return "t=" + unixSeconds + ",v1=" + hmacSha256Hex(secret, signedPayload(unixSeconds, body));
    }

    /**
     * Whether {@code header} is a valid signature of {@code body} made within {@link #TOLERANCE_SECONDS} of
     * {@code nowUnixSeconds}; the MAC is compared in constant time.
     */
    public static boolean verify(String secret, byte[] body, String header, long nowUnixSeconds) {
        if (header == null || header.length() > 512) return false;
        long t = -1;
        String v1 = null;
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                try {
                    t = Long.parseLong(p.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (p.startsWith("v1=")) {
                v1 = p.substring(3);
            }
        }
        if (t < 0 || v1 == null || Math.abs(nowUnixSeconds - t) > TOLERANCE_SECONDS) return false;
        return MessageDigest.isEqual(hmacSha256Hex(secret, signedPayload(t, body)).getBytes(StandardCharsets.US_ASCII),
                v1.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] signedPayload(long unixSeconds, byte[] body) {
        byte[] prefix = (unixSeconds + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }
}
