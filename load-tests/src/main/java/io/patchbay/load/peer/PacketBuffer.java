package io.patchbay.load.peer;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A growable byte region for jitsi-srtp: either a private copy with tail room so the auth tag fits without another
 * copy, or ({@link #view}) re-pointed at a caller's array for each packet, which allocates nothing.
 */
public final class PacketBuffer implements ByteArrayBuffer {
    private static final int TAIL_ROOM = 32;

    private byte[] buffer;
    private int offset;
    private int length;

    /** An empty view, to be pointed at packets with {@link #set}. */
    public static PacketBuffer view() {
        return new PacketBuffer(new byte[0], 0, 0);
    }

    /** Points this buffer at {@code data[off, off+len)} without copying (the array needs room for any tag). */
    public PacketBuffer set(byte[] data, int off, int len) {
        buffer = data;
        offset = off;
        length = len;
        return this;
    }

    PacketBuffer(byte[] data, int off, int len) {
        buffer = new byte[len + TAIL_ROOM];
        System.arraycopy(data, off, buffer, 0, len);
        offset = 0;
        length = len;
    }

    byte[] toByteArray() {
        byte[] out = new byte[length];
        System.arraycopy(buffer, offset, out, 0, length);
        return out;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int len) {
        length = len;
    }

    @Override
    public void setOffset(int off) {
        offset = off;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuf) {
        System.arraycopy(buffer, offset + off, outBuf, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (howMuch < 0) {
            throw new IllegalArgumentException("howMuch < 0");
        }
        if (offset + length + howMuch > buffer.length) {
            byte[] bigger = new byte[length + howMuch + TAIL_ROOM];
            System.arraycopy(buffer, offset, bigger, 0, length);
            buffer = bigger;
            offset = 0;
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        if (len > 0) {
            length = Math.max(0, length - len);
        }
    }
}
