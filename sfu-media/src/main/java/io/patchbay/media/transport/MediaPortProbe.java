package io.patchbay.media.transport;

import io.patchbay.media.worker.MediaWorker;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that the media port really answers ICE, the way a joining browser's first connectivity check does: creates a
 * transport (an ice4j agent on the shared port, as a join does), sends its ufrag a STUN Binding request with
 * short-term credentials from a socket of its own (RFC 8445 section 7.2.2: USERNAME, PRIORITY, ICE-CONTROLLING,
 * MESSAGE-INTEGRITY, FINGERPRINT; RFC 5389), and waits for the Binding success response with the same transaction
 * id. Then frees the transport. Blocking; run it off the event loop and the media threads.
 */
public final class MediaPortProbe {
    private static final int BINDING_REQUEST = 0x0001;
    private static final int BINDING_SUCCESS = 0x0101;
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int USERNAME = 0x0006;
    private static final int MESSAGE_INTEGRITY = 0x0008;
    private static final int FINGERPRINT = 0x8028;
    private static final int PRIORITY = 0x0024;
    private static final int ICE_CONTROLLING = 0x802A;
    private static final int FINGERPRINT_XOR = 0x5354554E;

    private final TransportFactory transports;
    private final MediaWorker worker;
    private final String address;
    private final int port;

    public MediaPortProbe(TransportFactory transports, MediaWorker worker, String address, int port) {
        this.transports = transports;
        this.worker = worker;
        this.address = address;
        this.port = port;
    }

    /** Whether a Binding request to the media port was answered within {@code timeoutMillis}; why not otherwise. */
    public record Result(boolean ok, String error, long roundTripMillis) {
    }

    public Result probe(int timeoutMillis) {
        WebRtcTransport transport = null;
        long start = System.nanoTime();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 0))) {
            transport = transports.create("health-probe", worker);
            byte[] transactionId = new byte[12];
            ThreadLocalRandom.current().nextBytes(transactionId);
            byte[] request = bindingRequest(transport.localUfrag() + ":probe", transport.localPassword(), transactionId);
            socket.setSoTimeout(timeoutMillis);
            socket.send(new DatagramPacket(request, request.length, InetAddress.getByName(address), port));
            byte[] buf = new byte[1500];
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
                if (left <= 0) return new Result(false, "no STUN answer from UDP " + port + " in " + timeoutMillis + " ms", -1);
                socket.setSoTimeout(left);
                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                socket.receive(reply);
                if (isSuccessFor(buf, reply.getLength(), transactionId)) {
                    return new Result(true, null, (System.nanoTime() - start) / 1_000_000L);
                }
                // Anything else (the agent's own checks toward us) is not the answer: keep waiting.
            }
        } catch (SocketTimeoutException e) {
            return new Result(false, "no STUN answer from UDP " + port + " in " + timeoutMillis + " ms", -1);
        } catch (IOException | RuntimeException e) {
            return new Result(false, "probe failed: " + e.getMessage(), -1);
        } finally {
            if (transport != null) transport.close();
        }
    }

    /** A Binding success response (RFC 5389 section 6) carrying our transaction id. */
    static boolean isSuccessFor(byte[] b, int len, byte[] transactionId) {
        if (len < 20) return false;
        ByteBuffer h = ByteBuffer.wrap(b, 0, len);
        if ((h.getShort(0) & 0xFFFF) != BINDING_SUCCESS || h.getInt(4) != MAGIC_COOKIE) return false;
        return Arrays.equals(b, 8, 20, transactionId, 0, 12);
    }

    /**
     * RFC 5389 section 15.4: MESSAGE-INTEGRITY is HMAC-SHA1 (key: the ICE password, short-term) over the message up
     * to it, with the header length already counting it; FINGERPRINT (section 15.5) is CRC-32 xor 0x5354554e over
     * everything before it, the length counting it too.
     */
    static byte[] bindingRequest(String username, String password, byte[] transactionId) {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        int userPadded = (user.length + 3) & ~3;
        int attributes = 4 + userPadded + 8 + 12 + 24 + 8;
        ByteBuffer m = ByteBuffer.allocate(20 + attributes);
        m.putShort((short) BINDING_REQUEST).putShort((short) 0).putInt(MAGIC_COOKIE).put(transactionId);
        m.putShort((short) USERNAME).putShort((short) user.length).put(user);
        for (int i = user.length; i < userPadded; i++) m.put((byte) 0);
        m.putShort((short) PRIORITY).putShort((short) 4).putInt(1_853_817_087); // a peer-reflexive priority
        m.putShort((short) ICE_CONTROLLING).putShort((short) 8).putLong(ThreadLocalRandom.current().nextLong());
        int integrityAt = m.position();
        m.putShort(2, (short) (integrityAt - 20 + 24));
        byte[] hmac = hmacSha1(password.getBytes(StandardCharsets.UTF_8), Arrays.copyOf(m.array(), integrityAt));
        m.putShort((short) MESSAGE_INTEGRITY).putShort((short) 20).put(hmac);
        int fingerprintAt = m.position();
        m.putShort(2, (short) (fingerprintAt - 20 + 8));
        CRC32 crc = new CRC32();
        crc.update(m.array(), 0, fingerprintAt);
        m.putShort((short) FINGERPRINT).putShort((short) 4).putInt((int) crc.getValue() ^ FINGERPRINT_XOR);
        return m.array();
    }

    private static byte[] hmacSha1(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JRE", e);
        }
    }
}
