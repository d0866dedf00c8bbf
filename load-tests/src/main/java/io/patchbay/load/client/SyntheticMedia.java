package io.patchbay.load.client;

import io.patchbay.load.peer.LocalSdp;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A publisher's synthetic media, built in place in the driver's scratch buffer (no per-packet allocation):
 * <ul>
 *   <li>Opus-like audio: one packet every 20 ms, {@value #AUDIO_PAYLOAD_BYTES}-byte payload, timestamp +960 at 48 kHz;</li>
 *   <li>VP8-like video at {@code videoBps}: {@value #FPS} frames/s, each frame split into packets of at most
 *   {@value #MAX_VIDEO_PAYLOAD_BYTES} bytes, paced at 2.5x the bitrate as libwebrtc's pacer does; a keyframe
 *   (4x a frame's bytes) answers a PLI/FIR, and the first frame is one. The first packet of a frame starts with the
 *   VP8 payload descriptor 0x10 (S=1, RFC 7741 section 4.2) and the frame tag whose P bit tells key from delta
 *   (RFC 6386 section 9.1).</li>
 * </ul>
 * Every packet carries the mid, abs-send-time and transport-cc extensions (one-byte form, RFC 8285) and ends with a
 * {@link MediaTrailer}. Driver thread only, except {@link #requestKeyframe}.
 */
public final class SyntheticMedia {
    static final int FPS = 30;
    static final int AUDIO_PAYLOAD_BYTES = 100;
    static final int MAX_VIDEO_PAYLOAD_BYTES = 1100;
    private static final long AUDIO_INTERVAL_NANOS = 20_000_000L;
    private static final long FRAME_INTERVAL_NANOS = 1_000_000_000L / FPS;
    private static final int KEYFRAME_FACTOR = 4;
    private static final double PACING_FACTOR = 2.5;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int audioSsrc;
    private final int videoSsrc;
    private final int audioPt;
    private final int videoPt;
    private final byte[] audioMid;
    private final byte[] videoMid;
    private final int tag;
    private final int frameBytes;
    private int audioSeq = RANDOM.nextInt(0x10000);
    private int videoSeq = RANDOM.nextInt(0x10000);
    private int audioTs = RANDOM.nextInt();
    private int videoTs = RANDOM.nextInt();
    private int transportSeq;
    private long nextAudioNanos;
    private long nextFrameNanos;
    private final long packetIntervalNanos;
    private long nextVideoPacketNanos;
    private boolean frameIsKey;
    private int framePackets;
    private int framePacketsLeft;
    private int framePayloadBytes;
    private volatile boolean keyframeWanted = true;
    final AtomicLong packetsSent = new AtomicLong();
    final AtomicLong keyframesSent = new AtomicLong();
    final AtomicLong protectFailures = new AtomicLong();

    public SyntheticMedia(int audioSsrc, int videoSsrc, int audioPt, int videoPt, String audioMid, String videoMid,
                          int tag, long videoBps, long startNanos) {
        this.audioSsrc = audioSsrc;
        this.videoSsrc = videoSsrc;
        this.audioPt = audioPt;
        this.videoPt = videoPt;
        this.audioMid = audioMid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.videoMid = videoMid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.tag = tag;
        this.frameBytes = (int) Math.max(200, videoBps / 8 / FPS);
        // Paced like libwebrtc (pacing rate = 2.5 x the target bitrate): a frame's packets are spread, not a burst.
        this.packetIntervalNanos = (long) (MAX_VIDEO_PAYLOAD_BYTES * 8 * 1e9 / (PACING_FACTOR * Math.max(videoBps, 100_000)));
        // Spread publishers over the frame interval so they do not all burst on the same millisecond.
        this.nextAudioNanos = startNanos + (long) (RANDOM.nextDouble() * AUDIO_INTERVAL_NANOS);
        this.nextFrameNanos = startNanos + (long) (RANDOM.nextDouble() * FRAME_INTERVAL_NANOS);
    }

    public long packetsSent() {
        return packetsSent.get();
    }

    public long keyframesSent() {
        return keyframesSent.get();
    }

    void requestKeyframe() {
        keyframeWanted = true;
    }

    /** Sends what is due at {@code nowNanos}. */
    void tick(long nowNanos, ByteBuffer scratch, ClientConnection out, SrtpEndpoint srtp) {
        byte[] d = scratch.array();
        while (nowNanos >= nextAudioNanos) {
            int len = header(d, false, audioPt, audioSeq, audioTs, audioSsrc, audioMid, nowNanos);
            len += AUDIO_PAYLOAD_BYTES;
            MediaTrailer.write(d, len, tag, System.nanoTime());
            send(d, len, scratch, out, srtp);
            audioSeq = (audioSeq + 1) & 0xFFFF;
            audioTs += 960;
            nextAudioNanos += AUDIO_INTERVAL_NANOS;
        }
        if (nowNanos >= nextFrameNanos && framePacketsLeft == 0) {
            startFrame();
            nextFrameNanos += FRAME_INTERVAL_NANOS;
            nextVideoPacketNanos = nowNanos;
        }
        while (framePacketsLeft > 0 && nowNanos >= nextVideoPacketNanos) {
            sendVideoPacket(d, scratch, out, srtp, nowNanos);
            nextVideoPacketNanos += packetIntervalNanos;
        }
    }

    /** The next frame: a keyframe if one was asked for, its size split into equal packets. */
    private void startFrame() {
        frameIsKey = keyframeWanted;
        keyframeWanted = false;
        int bytes = frameIsKey ? frameBytes * KEYFRAME_FACTOR : frameBytes;
        framePackets = (bytes + MAX_VIDEO_PAYLOAD_BYTES - 1) / MAX_VIDEO_PAYLOAD_BYTES;
        framePacketsLeft = framePackets;
        framePayloadBytes = Math.max(MediaTrailer.LENGTH + 12, (bytes + framePackets - 1) / framePackets);
        if (frameIsKey) keyframesSent.incrementAndGet();
    }

    private void sendVideoPacket(byte[] d, ByteBuffer scratch, ClientConnection out, SrtpEndpoint srtp, long nowNanos) {
        boolean first = framePacketsLeft == framePackets;
        boolean last = framePacketsLeft == 1;
        int len = header(d, last, videoPt, videoSeq, videoTs, videoSsrc, videoMid, nowNanos);
        if (first) {
            d[len] = 0x10; // descriptor: S=1, partition 0
            d[len + 1] = (byte) (frameIsKey ? 0x10 : 0x11); // frame tag: P=0 keyframe, P=1 delta; show_frame
            d[len + 2] = 0x02;
            d[len + 3] = 0x00;
            d[len + 4] = (byte) 0x9d; // keyframe start code 9d 01 2a, then 640x480
            d[len + 5] = 0x01;
            d[len + 6] = 0x2a;
            d[len + 7] = (byte) 0x80;
            d[len + 8] = 0x02;
            d[len + 9] = (byte) 0xe0;
            d[len + 10] = 0x01;
        } else {
            d[len] = 0x00; // descriptor: continuation of the frame
        }
        len += framePayloadBytes;
        MediaTrailer.write(d, len, tag, System.nanoTime());
        send(d, len, scratch, out, srtp);
        videoSeq = (videoSeq + 1) & 0xFFFF;
        if (--framePacketsLeft == 0) videoTs += 90_000 / FPS;
    }

    private void send(byte[] d, int len, ByteBuffer scratch, ClientConnection out, SrtpEndpoint srtp) {
        int protectedLength = srtp.protectRtp(d, len);
        if (protectedLength < 0) {
            protectFailures.incrementAndGet();
            return;
        }
        scratch.clear().limit(protectedLength);
        out.sendMedia(scratch);
        packetsSent.incrementAndGet();
    }

    /** RFC 3550 fixed header plus RFC 8285 one-byte extensions (mid, abs-send-time, transport-cc); returns its length. */
    private int header(byte[] d, boolean marker, int pt, int seq, int ts, int ssrc, byte[] mid, long nowNanos) {
        d[0] = (byte) 0x90; // V=2, X=1
        d[1] = (byte) ((marker ? 0x80 : 0) | pt);
        Bytes.put16(d, 2, seq);
        Bytes.put32(d, 4, ts);
        Bytes.put32(d, 8, ssrc);
        d[12] = (byte) 0xBE;
        d[13] = (byte) 0xDE;
        int p = 16;
        d[p++] = (byte) ((LocalSdp.EXT_MID << 4) | (mid.length - 1));
        System.arraycopy(mid, 0, d, p, mid.length);
        p += mid.length;
        // abs-send-time: 6.18 fixed-point seconds, 24 bits.
        long abs = ((nowNanos / 1_000_000_000L) << 18) + ((nowNanos % 1_000_000_000L) << 18) / 1_000_000_000L;
        d[p++] = (byte) ((LocalSdp.EXT_ABS_SEND_TIME << 4) | 2);
        d[p++] = (byte) (abs >> 16);
        d[p++] = (byte) (abs >> 8);
        d[p++] = (byte) abs;
        d[p++] = (byte) ((LocalSdp.EXT_TRANSPORT_CC << 4) | 1);
        Bytes.put16(d, p, transportSeq);
        transportSeq = (transportSeq + 1) & 0xFFFF;
        p += 2;
        while ((p - 16) % 4 != 0) d[p++] = 0;
        Bytes.put16(d, 14, (p - 16) / 4);
        return p;
    }
}
