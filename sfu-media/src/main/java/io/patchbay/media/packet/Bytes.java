package io.patchbay.media.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Network byte order (big-endian) reads and writes on a {@code byte[]}, unsigned where the field is. Callers check
 * lengths first; these methods do not (the JVM still bounds-checks, so a caller bug is an exception, never a silent
 * read past the array). Stateless; any thread.
 */
public final class Bytes {
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    /** True when {@code [off, off + len)} is a valid region of {@code buf}; false for a null array. */
    public static boolean inBounds(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len >= 0 && off <= buf.length - len;
    }

    /** Unsigned 8-bit value at {@code i}. */
    public static int u8(byte[] buf, int i) {
        return buf[i] & 0xFF;
    }

    /** Unsigned 16-bit value at {@code i}. */
    public static int u16(byte[] buf, int i) {
        return (short) SHORT_BE.get(buf, i) & 0xFFFF;
    }

    /** Unsigned 24-bit value at {@code i}. */
    public static int u24(byte[] buf, int i) {
        return (buf[i] & 0xFF) << 16 | (buf[i + 1] & 0xFF) << 8 | (buf[i + 2] & 0xFF);
    }

    /** Unsigned 32-bit value at {@code i}, as a long in 0..2^32-1. */
    public static long u32(byte[] buf, int i) {
        return (int) INT_BE.get(buf, i) & 0xFFFF_FFFFL;
    }

    /** 32-bit value at {@code i} as raw int bits. */
    public static int i32(byte[] buf, int i) {
        return (int) INT_BE.get(buf, i);
    }

    /** 64-bit value at {@code i} as raw long bits (e.g. an NTP timestamp). */
    public static long i64(byte[] buf, int i) {
        return (long) LONG_BE.get(buf, i);
    }

    /** Writes the low 8 bits of {@code value} at {@code i}. */
    public static void put8(byte[] buf, int i, int value) {
        buf[i] = (byte) value;
    }

    /** Writes the low 16 bits of {@code value} at {@code i}. */
    public static void put16(byte[] buf, int i, int value) {
        SHORT_BE.set(buf, i, (short) value);
    }

    /** Writes the low 24 bits of {@code value} at {@code i}. */
    public static void put24(byte[] buf, int i, int value) {
        buf[i] = (byte) (value >>> 16);
        buf[i + 1] = (byte) (value >>> 8);
        buf[i + 2] = (byte) value;
    }

    /** Writes the low 32 bits of {@code value} at {@code i}. */
    public static void put32(byte[] buf, int i, long value) {
        INT_BE.set(buf, i, (int) value);
    }

    /** Writes all 64 bits of {@code value} at {@code i}. */
    public static void put64(byte[] buf, int i, long value) {
        LONG_BE.set(buf, i, value);
    }
}
