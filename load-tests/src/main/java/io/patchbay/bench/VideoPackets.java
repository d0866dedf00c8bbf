package io.patchbay.bench;

import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.srtp.SrtpKeys;
import io.patchbay.media.srtp.SrtpProfile;
import java.util.Arrays;

/**
 * What the benchmarks feed the server: a VP8 packet as Chrome sends it (one-byte extensions mid, abs-send-time,
 * transport-wide sequence number), and fixed SRTP keys.
 */
final class VideoPackets {
    static final int PAYLOAD_TYPE = 96;
    static final int RTX_PAYLOAD_TYPE = 97;
    static final int CLOCK_RATE_HZ = 90_000;
    static final long SSRC = 0x11223344L;
    static final String MID = "1";
    static final int ABS_SEND_TIME_ID = 2;
    static final int TRANSPORT_CC_ID = 3;
    static final int MID_ID = 4;
    static final int PAYLOAD_LENGTH = 1100;

    private VideoPackets() {
    }

    /**
     * Writes a packet at {@code buf[off]} and returns its length. {@code keyframe}: the VP8 payload descriptor starts
     * a key frame (RFC 7741); otherwise it continues a frame, as most packets of a video stream do.
     */
    static int write(byte[] buf, int off, int seq, long timestamp, boolean keyframe) {
        RtpHeaderWriter writer = new RtpHeaderWriter();
        writer.begin(buf, off, false, false, PAYLOAD_TYPE, seq, timestamp, SSRC);
        byte[] mid = MID.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        writer.addElement(MID_ID, mid, 0, mid.length);
        writer.addAbsSendTime(ABS_SEND_TIME_ID, 0x123456);
        writer.addTransportSeq(TRANSPORT_CC_ID, seq);
        int headerLength = writer.finish();
        int payload = off + headerLength;
        Arrays.fill(buf, payload, payload + PAYLOAD_LENGTH, (byte) 0x5A);
        buf[payload] = (byte) (keyframe ? 0x10 : 0x00); // S bit, partition 0
        buf[payload + 1] = (byte) (keyframe ? 0x00 : 0x01); // VP8 frame header: P bit clear on a key frame
        return headerLength + PAYLOAD_LENGTH;
    }

    /** A packet in a fresh standalone buffer at {@link PacketBuffer#HEADROOM}. */
    static PacketBuffer standalone(int seq, boolean keyframe) {
        PacketBuffer b = new PacketBuffer();
        b.offset = PacketBuffer.HEADROOM;
        b.length = write(b.data, b.offset, seq, seq * 3000L, keyframe);
        return b;
    }

    static SrtpKeys keys(SrtpProfile profile) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        for (int i = 0; i < material.length; i++) material[i] = (byte) (i * 7 + 1);
        return SrtpKeys.fromKeyingMaterial(profile, material);
    }
}
