package io.patchbay.load.peer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A STUN message (RFC 5389), written by hand so the test peer does not share code with the server.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Transaction ID (96 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Attributes follow as type(16) length(16) value, padded to 4 bytes (RFC 5389 section 15).
 * {@link #decode} never throws: it returns {@code null} for anything that is not a well-formed message.
 */
public final class StunMessage {
    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;
    public static final int BINDING_INDICATION = 0x0011;
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int HEADER_LENGTH = 20;

    // RFC 5389 section 18.2, RFC 8445 section 16.1.
    static final int ATTR_USERNAME = 0x0006;
    static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    static final int ATTR_ERROR_CODE = 0x0009;
    static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    static final int ATTR_PRIORITY = 0x0024;
    static final int ATTR_USE_CANDIDATE = 0x0025;
    static final int ATTR_FINGERPRINT = 0x8028;
    static final int ATTR_ICE_CONTROLLED = 0x8029;
    static final int ATTR_ICE_CONTROLLING = 0x802A;

    /** RFC 5389 section 15.5: the CRC-32 is XOR'ed with this constant. */
    private static final long FINGERPRINT_XOR = 0x5354554EL;

    record Attribute(int type, byte[] value, int offset) { }

    private final int type;
    private final byte[] transactionId;
    private final List<Attribute> attributes;
    private final byte[] raw;

    private StunMessage(int type, byte[] transactionId, List<Attribute> attributes, byte[] raw) {
        this.type = type;
        this.transactionId = transactionId;
        this.attributes = attributes;
        this.raw = raw;
    }

    public int type() {
        return type;
    }

    public byte[] transactionId() {
        return transactionId.clone();
    }

    List<Attribute> attributes() {
        return Collections.unmodifiableList(attributes);
    }

    Attribute attribute(int attributeType) {
        for (Attribute a : attributes) {
            if (a.type() == attributeType) {
                return a;
            }
        }
        return null;
    }

    /** RFC 8445 section 7.1.2: the controlling agent nominates the pair with this check. */
    public boolean hasUseCandidate() {
        return attribute(ATTR_USE_CANDIDATE) != null;
    }

    public String username() {
        Attribute a = attribute(ATTR_USERNAME);
        return a == null ? null : new String(a.value(), StandardCharsets.UTF_8);
    }

    /** ERROR-CODE (RFC 5389 section 15.6): class*100 + number, or -1. */
    public int errorCode() {
        Attribute a = attribute(ATTR_ERROR_CODE);
        if (a == null || a.value().length < 4) {
            return -1;
        }
        return (a.value()[2] & 0x7) * 100 + (a.value()[3] & 0xFF);
    }

    /** XOR-MAPPED-ADDRESS (RFC 5389 section 15.2), or null. */
    InetSocketAddress xorMappedAddress() {
        Attribute a = attribute(ATTR_XOR_MAPPED_ADDRESS);
        if (a == null || a.value().length < 8) {
            return null;
        }
        byte[] v = a.value();
        int port = (((v[2] & 0xFF) << 8) | (v[3] & 0xFF)) ^ (MAGIC_COOKIE >>> 16);
        byte[] xorKey = ByteBuffer.allocate(16).putInt(MAGIC_COOKIE).put(transactionId).array();
        int addressLength = v[1] == 0x01 ? 4 : v[1] == 0x02 ? 16 : -1;
        if (addressLength < 0 || v.length < 4 + addressLength) {
            return null;
        }
        byte[] address = new byte[addressLength];
        for (int i = 0; i < addressLength; i++) {
            address[i] = (byte) (v[4 + i] ^ xorKey[i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Checks MESSAGE-INTEGRITY (RFC 5389 section 15.4) with the short-term credential {@code password}. */
    public boolean hasValidIntegrity(String password) {
        Attribute mi = attribute(ATTR_MESSAGE_INTEGRITY);
        if (mi == null || mi.value().length != 20) {
            return false;
        }
        int miOffset = mi.offset() - 4;
        byte[] expected = hmacSha1(password, withLength(raw, miOffset, miOffset - HEADER_LENGTH + 24));
        return MessageDigest.isEqual(expected, mi.value());
    }

    /** Checks FINGERPRINT (RFC 5389 section 15.5) when present; true when absent. */
    public boolean hasValidFingerprintOrNone() {
        Attribute fp = attribute(ATTR_FINGERPRINT);
        if (fp == null) {
            return true;
        }
        if (fp.value().length != 4) {
            return false;
        }
        int fpOffset = fp.offset() - 4;
        long expected = crc32(withLength(raw, fpOffset, fpOffset - HEADER_LENGTH + 8)) ^ FINGERPRINT_XOR;
        return (int) expected == ByteBuffer.wrap(fp.value()).getInt();
    }

    /** Decodes a datagram; returns null if it is not a well-formed STUN message (RFC 5389 section 6). */
    public static StunMessage decode(byte[] data, int length) {
        if (length < HEADER_LENGTH || length > data.length || (data[0] & 0xC0) != 0) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(data, 0, length);
        int type = buf.getShort() & 0xFFFF;
        int bodyLength = buf.getShort() & 0xFFFF;
        if (buf.getInt() != MAGIC_COOKIE || bodyLength % 4 != 0 || bodyLength + HEADER_LENGTH != length) {
            return null;
        }
        byte[] txId = new byte[12];
        buf.get(txId);
        List<Attribute> attrs = new ArrayList<>();
        while (buf.remaining() > 0) {
            if (buf.remaining() < 4) {
                return null;
            }
            int attrType = buf.getShort() & 0xFFFF;
            int attrLength = buf.getShort() & 0xFFFF;
            int padded = (attrLength + 3) & ~3;
            if (padded > buf.remaining()) {
                return null;
            }
            byte[] value = new byte[attrLength];
            int valueOffset = buf.position();
            buf.get(value);
            buf.position(buf.position() + padded - attrLength);
            attrs.add(new Attribute(attrType, value, valueOffset));
        }
        byte[] raw = new byte[length];
        System.arraycopy(data, 0, raw, 0, length);
        return new StunMessage(type, txId, attrs, raw);
    }

    /** Builds a message; {@link #encode} appends MESSAGE-INTEGRITY (if a key is given) and FINGERPRINT. */
    public static final class Builder {
        private final int type;
        private final byte[] transactionId;
        private final ByteBuffer body = ByteBuffer.allocate(1024);

        public Builder(int type, byte[] transactionId) {
            this.type = type;
            this.transactionId = transactionId.clone();
        }

        Builder add(int attributeType, byte[] value) {
            body.putShort((short) attributeType).putShort((short) value.length).put(value);
            for (int i = value.length; i % 4 != 0; i++) {
                body.put((byte) 0);
            }
            return this;
        }

        public Builder username(String username) {
            return add(ATTR_USERNAME, username.getBytes(StandardCharsets.UTF_8));
        }

        public Builder priority(long priority) {
            return add(ATTR_PRIORITY, ByteBuffer.allocate(4).putInt((int) priority).array());
        }

        public Builder iceControlling(long tieBreaker) {
            return add(ATTR_ICE_CONTROLLING, ByteBuffer.allocate(8).putLong(tieBreaker).array());
        }

        public Builder iceControlled(long tieBreaker) {
            return add(ATTR_ICE_CONTROLLED, ByteBuffer.allocate(8).putLong(tieBreaker).array());
        }

        public Builder useCandidate() {
            return add(ATTR_USE_CANDIDATE, new byte[0]);
        }

        public Builder errorCode(int code, String reason) {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            ByteBuffer v = ByteBuffer.allocate(4 + text.length);
            v.putShort((short) 0).put((byte) (code / 100)).put((byte) (code % 100)).put(text);
            return add(ATTR_ERROR_CODE, v.array());
        }

        public Builder xorMappedAddress(InetSocketAddress address) {
            byte[] ip = address.getAddress().getAddress();
            byte[] xorKey = ByteBuffer.allocate(16).putInt(MAGIC_COOKIE).put(transactionId).array();
            ByteBuffer v = ByteBuffer.allocate(4 + ip.length);
            v.put((byte) 0).put((byte) (ip.length == 4 ? 0x01 : 0x02));
            v.putShort((short) (address.getPort() ^ (MAGIC_COOKIE >>> 16)));
            for (int i = 0; i < ip.length; i++) {
                v.put((byte) (ip[i] ^ xorKey[i]));
            }
            return add(ATTR_XOR_MAPPED_ADDRESS, v.array());
        }

        /** Serializes, adding MESSAGE-INTEGRITY keyed with {@code integrityPassword} (if not null) and FINGERPRINT. */
        public byte[] encode(String integrityPassword) {
            int bodyLength = body.position();
            int total = HEADER_LENGTH + bodyLength + (integrityPassword != null ? 24 : 0) + 8;
            ByteBuffer out = ByteBuffer.allocate(total);
            out.putShort((short) type).putShort((short) 0).putInt(MAGIC_COOKIE).put(transactionId);
            out.put(body.array(), 0, bodyLength);
            if (integrityPassword != null) {
                // The length field covers the message up to and including MESSAGE-INTEGRITY (section 15.4).
                int miStart = out.position();
                byte[] mac = hmacSha1(integrityPassword, withLength(out.array(), miStart, miStart - HEADER_LENGTH + 24));
                out.putShort((short) ATTR_MESSAGE_INTEGRITY).putShort((short) 20).put(mac);
            }
            int fpStart = out.position();
            long crc = crc32(withLength(out.array(), fpStart, fpStart - HEADER_LENGTH + 8)) ^ FINGERPRINT_XOR;
            out.putShort((short) ATTR_FINGERPRINT).putShort((short) 4).putInt((int) crc);
            out.putShort(2, (short) (total - HEADER_LENGTH));
            return out.array();
        }
    }

    /** Copy of {@code data[0..end)} with the header's length field set to {@code lengthField}. */
    private static byte[] withLength(byte[] data, int end, int lengthField) {
        byte[] copy = new byte[end];
        System.arraycopy(data, 0, copy, 0, end);
        copy[2] = (byte) (lengthField >>> 8);
        copy[3] = (byte) lengthField;
        return copy;
    }

    private static byte[] hmacSha1(String password, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long crc32(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }
}
