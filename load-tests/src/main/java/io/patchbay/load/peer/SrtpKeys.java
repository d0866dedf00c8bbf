package io.patchbay.load.peer;

import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * The SRTP master keys and salts exported by DTLS, laid out client_key | server_key | client_salt | server_salt
 * (RFC 5764 section 4.2). The DTLS client protects with the client half and unprotects with the server half.
 */
public record SrtpKeys(SrtpProfile profile, byte[] clientKey, byte[] serverKey, byte[] clientSalt, byte[] serverSalt) {

    public static SrtpKeys split(SrtpProfile profile, byte[] keyingMaterial) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        if (keyingMaterial.length != 2 * (k + s)) {
            throw new IllegalArgumentException("keying material length " + keyingMaterial.length + ", expected "
                    + 2 * (k + s) + " for " + profile);
        }
        return new SrtpKeys(profile, slice(keyingMaterial, 0, k), slice(keyingMaterial, k, k),
                slice(keyingMaterial, 2 * k, s), slice(keyingMaterial, 2 * k + s, s));
    }

    /** Contexts for what the DTLS client sends. */
    public SrtpContextFactory clientFactory(LoggerImpl logger) {
        return new SrtpContextFactory(true, clientKey, clientSalt, profile.newPolicy(), profile.newPolicy(), logger);
    }

    /** Contexts for what the DTLS server sends (the DTLS client unprotects with these). */
    public SrtpContextFactory serverFactory(LoggerImpl logger) {
        return new SrtpContextFactory(false, serverKey, serverSalt, profile.newPolicy(), profile.newPolicy(), logger);
    }

    private static byte[] slice(byte[] src, int off, int len) {
        byte[] out = new byte[len];
        System.arraycopy(src, off, out, 0, len);
        return out;
    }
}
