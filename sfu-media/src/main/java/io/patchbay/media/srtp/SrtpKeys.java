package io.patchbay.media.srtp;

/**
 * Keys exported from a DTLS handshake, split per RFC 5764 4.2: client_write_key | server_write_key |
 * client_write_salt | server_write_salt.
 */
public record SrtpKeys(SrtpProfile profile, byte[] clientKey, byte[] clientSalt, byte[] serverKey, byte[] serverSalt) {

    public static SrtpKeys fromKeyingMaterial(SrtpProfile profile, byte[] material) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        if (material.length != 2 * (k + s)) {
            throw new IllegalArgumentException("keying material must be " + 2 * (k + s) + " bytes");
        }
        byte[] clientKey = new byte[k];
        byte[] serverKey = new byte[k];
        byte[] clientSalt = new byte[s];
        byte[] serverSalt = new byte[s];
        System.arraycopy(material, 0, clientKey, 0, k);
        System.arraycopy(material, k, serverKey, 0, k);
        System.arraycopy(material, 2 * k, clientSalt, 0, s);
        System.arraycopy(material, 2 * k + s, serverSalt, 0, s);
        return new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
    }
}
