package io.patchbay.media.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable, mutable {@link ByteArrayBuffer} over a region of a caller-owned array, so jitsi-srtp transforms
 * packets in place. The array must have tail room for the auth tag (and SRTCP index); {@link #grow} never
 * reallocates. One instance per owning thread.
 */
final class ByteArrayView implements ByteArrayBuffer {
    private byte[] buffer;
    private int offset;
    private int length;

    ByteArrayView reset(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
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
        if (len < 0 || offset + len > buffer.length) throw new IllegalArgumentException("length out of bounds");
        this.length = len;
    }

    @Override
    public void setOffset(int off) {
        if (off < 0 || off + length > buffer.length) throw new IllegalArgumentException("offset out of bounds");
        this.offset = off;
    }

    @Override
    public boolean isInvalid() {
        return buffer == null || length <= 0;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        if (off < 0 || len < 0 || off + len > length || out.length < len) {
            throw new IllegalArgumentException("region out of bounds");
        }
        System.arraycopy(buffer, offset + off, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (offset + length + howMuch > buffer.length) {
            throw new IllegalStateException("no tail room for " + howMuch + " bytes");
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
        if (len <= 0) return;
        length = Math.max(0, length - len);
    }
}
