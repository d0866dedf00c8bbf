package io.patchbay.media.srtp;

import java.lang.reflect.Field;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.jitsi.srtp.BaseSrtpCryptoContext;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.jitsi.srtp.crypto.SrtpCipher;
import org.jitsi.srtp.crypto.SrtpCipherCtr;
import org.jitsi.srtp.crypto.SrtpCipherGcm;

/**
 * Puts a {@link ReusedIvCipher} in place of the AES cipher of each crypto context jitsi-srtp makes, so that forwarding
 * a packet allocates nothing (jitsi-srtp 1.1 has no way to pass a cipher in: the context builds its own in its
 * constructor, into a final field). Read and written by reflection, once per context when it is made; if this
 * jitsi-srtp's fields differ, or the cipher is not OpenSSL's, the library's own cipher stays (it allocates 80-88 bytes
 * per packet, nothing else changes) and one warning says so. The upstream fix would be a reusable parameter spec in
 * SrtpCipherGcm/SrtpCipherCtr; this keeps the library as it is.
 */
final class ReusedIvCiphers {
    private static final Logger LOG = Logger.getLogger(ReusedIvCiphers.class.getName());
    private static final Fields FIELDS = Fields.find();

    private ReusedIvCiphers() {
    }

    /** Whether contexts get the allocation-free cipher (false: this jitsi-srtp's fields were not found). */
    static boolean available() {
        return FIELDS != null;
    }

    /** Swaps the cipher of a freshly derived context; returns whether it did. Call before the context is shared. */
    static boolean install(BaseSrtpCryptoContext context) {
        if (FIELDS == null) return false;
        try {
            SrtpCipher library = (SrtpCipher) FIELDS.contextCipher.get(context);
            if (library == null) return false; // NULL cipher policy
            Cipher cipher = (Cipher) FIELDS.jceCipher.get(library);
            if (!(cipher.getProvider() instanceof JitsiOpenSslProvider)) return false;
            ReusedIvCipher replacement;
            if (library.getClass() == SrtpCipherGcm.class) {
                replacement = ReusedIvCipher.gcm(library, cipher, (SecretKeySpec) FIELDS.gcmKey.get(library));
            } else if (library.getClass() == SrtpCipherCtr.class) {
                replacement = ReusedIvCipher.ctr(library, cipher, (SecretKeySpec) FIELDS.ctrKey.get(library));
            } else {
                return false;
            }
            FIELDS.contextCipher.set(context, replacement);
            // An SRTP receiver may hold a separate authenticate-only cipher; when it is the same object, follow it.
            if (context instanceof SrtpCryptoContext && FIELDS.authOnlyCipher.get(context) == library) {
                FIELDS.authOnlyCipher.set(context, replacement);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private record Fields(Field contextCipher, Field authOnlyCipher, Field jceCipher, Field gcmKey, Field ctrKey) {
        static Fields find() {
            try {
                return new Fields(open(BaseSrtpCryptoContext.class, "cipher"),
                        open(SrtpCryptoContext.class, "cipherAuthOnly"), open(SrtpCipher.class, "cipher"),
                        open(SrtpCipherGcm.class, "key"), open(SrtpCipherCtr.class, "key"));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warning("SRTP: jitsi-srtp's own ciphers kept, which allocate 80-88 bytes per packet ("
                        + e + ")");
                return null;
            }
        }

        private static Field open(Class<?> owner, String name) throws NoSuchFieldException {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        }
    }
}
