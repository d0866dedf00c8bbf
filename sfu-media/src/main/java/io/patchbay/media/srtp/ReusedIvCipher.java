package io.patchbay.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jitsi.srtp.crypto.SrtpCipher;

/**
 * Sets each packet's IV on jitsi-srtp's OpenSSL AES cipher without allocating; everything else is the library's.
 *
 * <p>jitsi-srtp's {@code SrtpCipherGcm} and {@code SrtpCipherCtr} wrap the IV in a new {@link GCMParameterSpec} or
 * {@link IvParameterSpec} for every packet (which copies it), and the cipher's {@code getIV()} copies it again: 88
 * bytes per packet protected or unprotected with AES-GCM, 80 with AES-CM. Here one spec object lives as long as the
 * crypto context and its {@code getIV()} hands out the array jitsi-srtp has just filled with the packet's IV (the
 * context's IV store). That is safe with jitsi's OpenSSL CipherSpi only: it passes the IV to {@code EVP_CipherInit}
 * at once and uses it for nothing else, while the JDK's own GCM keeps the last IV to refuse a reuse and would compare
 * the live array with itself. {@link ReusedIvCiphers} installs this cipher only over the OpenSSL provider.
 */
final class ReusedIvCipher extends SrtpCipher {
    private final SrtpCipher library;
    private final LiveIv iv;
    private SecretKeySpec key;

    private ReusedIvCipher(SrtpCipher library, Cipher cipher, SecretKeySpec key, LiveIv iv) {
        super(cipher);
        this.library = library;
        this.key = key;
        this.iv = iv;
    }

    /** Over the library's GCM cipher (the same JCE cipher and session key). */
    static ReusedIvCipher gcm(SrtpCipher library, Cipher cipher, SecretKeySpec key) {
        return new ReusedIvCipher(library, cipher, key, new LiveGcmIv());
    }

    /** Over the library's CTR (AES-CM) cipher. */
    static ReusedIvCipher ctr(SrtpCipher library, Cipher cipher, SecretKeySpec key) {
        return new ReusedIvCipher(library, cipher, key, new LiveCtrIv());
    }

    @Override
    public void init(byte[] sessionKey, byte[] saltKey) throws GeneralSecurityException {
        library.init(sessionKey, saltKey); // its checks, and its key for process()
        key = getSecretKey(sessionKey);
    }

    @Override
    public void setIV(byte[] ivStore, int opmode) throws GeneralSecurityException {
        iv.set(ivStore);
        // Same key object every time: the OpenSSL CipherSpi then re-initialises only the IV, not the key schedule.
        cipher.init(opmode, key, iv.spec());
    }

    @Override
    public void processAAD(byte[] data, int off, int len) throws GeneralSecurityException {
        library.processAAD(data, off, len);
    }

    @Override
    public int process(byte[] data, int off, int len) throws GeneralSecurityException {
        return library.process(data, off, len);
    }

    /** A parameter spec whose IV is the caller's array, not a copy. */
    private interface LiveIv {
        void set(byte[] ivStore);

        java.security.spec.AlgorithmParameterSpec spec();
    }

    private static final class LiveGcmIv extends GCMParameterSpec implements LiveIv {
        private byte[] current;

        LiveGcmIv() {
            super(128, new byte[12]); // SRTP's AEAD tag is 16 bytes (RFC 7714 section 5.2.2)
        }

        @Override
        public void set(byte[] ivStore) {
            current = ivStore;
        }

        @Override
        public java.security.spec.AlgorithmParameterSpec spec() {
            return this;
        }

        @Override
        public byte[] getIV() {
            return current;
        }
    }

    private static final class LiveCtrIv extends IvParameterSpec implements LiveIv {
        private byte[] current;

        LiveCtrIv() {
            super(new byte[16]);
        }

        @Override
        public void set(byte[] ivStore) {
            current = ivStore;
        }

        @Override
        public java.security.spec.AlgorithmParameterSpec spec() {
            return this;
        }

        @Override
        public byte[] getIV() {
            return current;
        }
    }
}
