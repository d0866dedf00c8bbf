package io.patchbay.load.client;

import io.patchbay.load.peer.LocalSdp;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A publisher's synthetic media, built in place in the driver's scratch buffer (no per-packet allocation):
 * <ul>
 *   <li>Opus-like audio: one packet every 20 ms, {@value #AUDIO_PAYLOAD_BYTES}-byte payload, timestamp +960 at 48 kHz;</li>
 *   <li>VP8-like video, one stream or (simulcast) one per layer, each at its own bitrate: {@value #FPS} frames/s,
 *   each frame split into packets of at most {@value #MAX_VIDEO_PAYLOAD_BYTES} bytes, paced at 2.5x the bitrate as
 *   libwebrtc's pacer does; a keyframe (4x a frame's bytes) answers a PLI/FIR, and the first frame is one. The first
 *   packet of a frame starts with the VP8 payload descriptor 0x10 (S=1, RFC 7741 section 4.2) and the frame tag whose
 *   P bit tells key from delta, then the start code and the layer's width and height (RFC 6386 section 9.1).</li>
 * </ul>
 * Every packet carries the mid, abs-send-time and transport-cc extensions (one-byte form, RFC 8285), simulcast video
 * also its layer's rid (RFC 8852) as Chrome sends it, and ends with a {@link MediaTrailer}. Driver thread only,
 * except {@link #requestKeyframe} and {@link #setLayersWanted}.
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

    /**
     * One simulcast encoding: its rid (null without simulcast), picture size and share of the top layer's bitrate.
     * Chrome's 720p camera as q/h/f: 320x180 at ~150 kbps, 640x360 at ~500 kbps, 1280x720 at ~1500 kbps.
     */
    public record LayerSpec(String rid, int width, int height, double bitrateShare) { }

    /** The three layers of a 720p camera, lowest first, as {@code /patchbay.js} and Chrome send them. */
    public static final List<LayerSpec> CHROME_720P = List.of(
            new LayerSpec("q", 320, 180, 0.1),
            new LayerSpec("h", 640, 360, 1.0 / 3),
            new LayerSpec("f", 1280, 720, 1.0));

    private final int audioSsrc;
    private final int audioPt;
    private final int videoPt;
    private final byte[] audioMid;
    private final byte[] videoMid;
    private final int tag;
    private final VideoLayer[] layers;
    private int audioSeq = RANDOM.nextInt(0x10000);
    private int audioTs = RANDOM.nextInt();
    private int transportSeq;
    private long nextAudioNanos;
    final AtomicLong packetsSent = new AtomicLong();
    final AtomicLong keyframesSent = new AtomicLong();
    final AtomicLong protectFailures = new AtomicLong();

    /** One audio and one 640x480 video stream at {@code videoBps}. */
    public SyntheticMedia(int audioSsrc, int videoSsrc, int audioPt, int videoPt, String audioMid, String videoMid,
                          int tag, long videoBps, long startNanos) {
        this(audioSsrc, new int[] {videoSsrc}, List.of(new LayerSpec(null, 640, 480, 1.0)), audioPt, videoPt,
                audioMid, videoMid, tag, videoBps, startNanos);
    }

    /**
     * One audio stream and one video stream per layer of {@code specs} (SSRCs in {@code videoSsrcs}, same order), the
     * top layer at {@code topVideoBps} and the others at their share of it. Every layer is sent until
     * {@link #setLayersWanted} says otherwise.
     */
    public SyntheticMedia(int audioSsrc, int[] videoSsrcs, List<LayerSpec> specs, int audioPt, int videoPt,
                          String audioMid, String videoMid, int tag, long topVideoBps, long startNanos) {
        if (videoSsrcs.length != specs.size()) throw new IllegalArgumentException("one SSRC per layer");
        this.audioSsrc = audioSsrc;
        this.audioPt = audioPt;
        this.videoPt = videoPt;
        this.audioMid = audioMid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.videoMid = videoMid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.tag = tag;
        this.layers = new VideoLayer[specs.size()];
        // Spread publishers over the frame interval so they do not all burst on the same millisecond.
        long firstFrame = startNanos + (long) (RANDOM.nextDouble() * FRAME_INTERVAL_NANOS);
        for (int i = 0; i < layers.length; i++) {
            LayerSpec s = specs.get(i);
            layers[i] = new VideoLayer(videoSsrcs[i], s, (long) (topVideoBps * s.bitrateShare()), firstFrame);
        }
        this.nextAudioNanos = startNanos + (long) (RANDOM.nextDouble() * AUDIO_INTERVAL_NANOS);
    }

    public long packetsSent() {
        return packetsSent.get();
    }

    public long keyframesSent() {
        return keyframesSent.get();
    }

    /** Video packets sent per layer, in layer order. */
    public long[] videoPacketsPerLayer() {
        long[] n = new long[layers.length];
        for (int i = 0; i < n.length; i++) n[i] = layers[i].packetsSent;
        return n;
    }

    /** Keyframe on every layer (a PLI/FIR without a known SSRC). */
    void requestKeyframe() {
        for (VideoLayer l : layers) l.keyframeWanted = true;
    }

    /** Keyframe on the layer sending {@code mediaSsrc}; on every layer if none does. */
    void requestKeyframe(int mediaSsrc) {
        for (VideoLayer l : layers) {
            if (l.ssrc == mediaSsrc) {
                l.keyframeWanted = true;
                return;
            }
        }
        requestKeyframe();
    }

    /**
     * {@code layers-wanted}: only the layers whose rid is listed are sent (RTCRtpSender encodings active / inactive);
     * one that resumes starts with a keyframe, as a restarted encoder does. Layers without a rid are always sent.
     */
    public void setLayersWanted(Collection<String> rids) {
        for (VideoLayer l : layers) {
            if (l.rid == null) continue;
            boolean wanted = rids.contains(l.spec.rid());
            if (wanted && !l.active) l.keyframeWanted = true;
            l.active = wanted;
        }
    }

    /** Sends what is due at {@code nowNanos}. */
    /** After a pause: the next audio packet and video frames are due now rather than every one missed at once. */
    void resume(long nowNanos) {
        nextAudioNanos = nowNanos;
        for (VideoLayer l : layers) {
            l.nextFrameNanos = nowNanos;
            l.nextPacketNanos = nowNanos;
        }
    }

    void tick(long nowNanos, ByteBuffer scratch, ClientConnection out, SrtpEndpoint srtp) {
        byte[] d = scratch.array();
        while (nowNanos >= nextAudioNanos) {
            int len = header(d, false, audioPt, audioSeq, audioTs, audioSsrc, audioMid, null, nowNanos);
            len += AUDIO_PAYLOAD_BYTES;
            MediaTrailer.write(d, len, tag, System.nanoTime());
            send(d, len, scratch, out, srtp);
            audioSeq = (audioSeq + 1) & 0xFFFF;
            audioTs += 960;
            nextAudioNanos += AUDIO_INTERVAL_NANOS;
        }
        for (VideoLayer l : layers) {
            if (nowNanos >= l.nextFrameNanos && l.framePacketsLeft == 0) {
                l.nextFrameNanos += FRAME_INTERVAL_NANOS;
                if (!l.active) {
                    l.ts += 90_000 / FPS; // the capture clock runs on while the encoding is off
                    continue;
                }
                if (l.startFrame()) keyframesSent.incrementAndGet();
                l.nextPacketNanos = nowNanos;
            }
            while (l.framePacketsLeft > 0 && nowNanos >= l.nextPacketNanos) {
                sendVideoPacket(l, d, scratch, out, srtp, nowNanos);
                l.nextPacketNanos += l.packetIntervalNanos;
            }
        }
    }

    private void sendVideoPacket(VideoLayer l, byte[] d, ByteBuffer scratch, ClientConnection out, SrtpEndpoint srtp,
                                 long nowNanos) {
        boolean first = l.framePacketsLeft == l.framePackets;
        boolean last = l.framePacketsLeft == 1;
        int len = header(d, last, videoPt, l.seq, l.ts, l.ssrc, videoMid, l.rid, nowNanos);
        if (first) {
            d[len] = 0x10; // descriptor: S=1, partition 0
            d[len + 1] = (byte) (l.frameIsKey ? 0x10 : 0x11); // frame tag: P=0 keyframe, P=1 delta; show_frame
            d[len + 2] = 0x02;
            d[len + 3] = 0x00;
            d[len + 4] = (byte) 0x9d; // keyframe start code 9d 01 2a, then width and height (14 bits, little-endian)
            d[len + 5] = 0x01;
            d[len + 6] = 0x2a;
            d[len + 7] = (byte) l.spec.width();
            d[len + 8] = (byte) (l.spec.width() >> 8);
            d[len + 9] = (byte) l.spec.height();
            d[len + 10] = (byte) (l.spec.height() >> 8);
        } else {
            d[len] = 0x00; // descriptor: continuation of the frame
        }
        len += l.framePayloadBytes;
        MediaTrailer.write(d, len, tag, System.nanoTime());
        send(d, len, scratch, out, srtp);
        l.packetsSent++;
        l.seq = (l.seq + 1) & 0xFFFF;
        if (--l.framePacketsLeft == 0) l.ts += 90_000 / FPS;
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

    /**
     * RFC 3550 fixed header plus RFC 8285 one-byte extensions (mid, rid if not null, abs-send-time, transport-cc);
     * returns its length.
     */
    private int header(byte[] d, boolean marker, int pt, int seq, int ts, int ssrc, byte[] mid, byte[] rid,
                       long nowNanos) {
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
        if (rid != null) {
            d[p++] = (byte) ((LocalSdp.EXT_RID << 4) | (rid.length - 1));
            System.arraycopy(rid, 0, d, p, rid.length);
            p += rid.length;
        }
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

    /** One video stream (a simulcast layer, or the only one): its SSRC, sequence and timestamp spaces and pacing. */
    private static final class VideoLayer {
        final int ssrc;
        final LayerSpec spec;
        final byte[] rid;
        final int frameBytes;
        final long packetIntervalNanos;
        int seq = RANDOM.nextInt(0x10000);
        int ts = RANDOM.nextInt();
        long nextFrameNanos;
        long nextPacketNanos;
        boolean frameIsKey;
        int framePackets;
        int framePacketsLeft;
        int framePayloadBytes;
        volatile long packetsSent;
        volatile boolean keyframeWanted = true;
        volatile boolean active = true;

        VideoLayer(int ssrc, LayerSpec spec, long bps, long firstFrameNanos) {
            this.ssrc = ssrc;
            this.spec = spec;
            this.rid = spec.rid() == null ? null : spec.rid().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            this.frameBytes = (int) Math.max(200, bps / 8 / FPS);
            // Paced like libwebrtc (pacing rate = 2.5 x the target bitrate): a frame's packets are spread, not a burst.
            this.packetIntervalNanos = (long) (MAX_VIDEO_PAYLOAD_BYTES * 8 * 1e9 / (PACING_FACTOR * Math.max(bps, 100_000)));
            this.nextFrameNanos = firstFrameNanos;
        }

        /** The next frame: a keyframe if one was asked for, its size split into equal packets; true if key. */
        boolean startFrame() {
            frameIsKey = keyframeWanted;
            keyframeWanted = false;
            int bytes = frameIsKey ? frameBytes * KEYFRAME_FACTOR : frameBytes;
            framePackets = (bytes + MAX_VIDEO_PAYLOAD_BYTES - 1) / MAX_VIDEO_PAYLOAD_BYTES;
            framePacketsLeft = framePackets;
            framePayloadBytes = Math.max(MediaTrailer.LENGTH + 12, (bytes + framePackets - 1) / framePackets);
            return frameIsKey;
        }
    }
}
