package io.patchbay.load.client;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A fixed byte region handed to jitsi-srtp, re-pointed at each packet instead of allocated per packet. The
 * array has tail room for the SRTP tag; {@link #grow} never has to reallocate for media-sized packets.
 */
final class ReusableBuffer implements ByteArrayBuffer {
    private byte[] buffer;
    private int offset;
    private int length;

    ReusableBuffer(byte[] buffer) {
        this.buffer = buffer;
    }

    ReusableBuffer set(byte[] data, int off, int len) {
        buffer = data;
        offset = off;
        length = len;
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
        if (offset + length + howMuch > buffer.length) {
            byte[] bigger = new byte[length + howMuch + 64];
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
