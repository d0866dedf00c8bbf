package io.patchbay.media.srtp;

import org.bouncycastle.tls.SRTPProtectionProfile;
import org.jitsi.srtp.SrtpPolicy;

/** The DTLS-SRTP protection profiles Patchbay negotiates, in order of preference (RFC 5764, RFC 7714). */
public enum SrtpProfile {
    /** About half the CPU of CM-HMAC per packet here; preferred. */
    AEAD_AES_128_GCM(SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, 16, 12),
    AES128_CM_HMAC_SHA1_80(SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, 16, 14);

    private final int tlsId;
    private final int keyLength;
    private final int saltLength;

    SrtpProfile(int tlsId, int keyLength, int saltLength) {
        this.tlsId = tlsId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
    }

    public int tlsId() {
        return tlsId;
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    /** Bytes of keying material to export: client key, server key, client salt, server salt (RFC 5764 4.2). */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    public SrtpPolicy srtpPolicy() {
        return this == AEAD_AES_128_GCM
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
    }

    /** SRTCP uses the same transforms; the 80-bit tag applies to SRTCP too for CM-HMAC. */
    public SrtpPolicy srtcpPolicy() {
        return srtpPolicy();
    }

    /** Bytes appended to each protected SRTP packet (auth tag); SRTCP adds 4 more for the index. */
    public int srtpOverhead() {
        return this == AEAD_AES_128_GCM ? 16 : 10;
    }

    public static SrtpProfile fromTlsId(int id) {
        for (SrtpProfile p : values()) {
            if (p.tlsId == id) return p;
        }
        return null;
    }
}
