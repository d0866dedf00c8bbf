package io.patchbay.load.peer;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The publisher's synthetic media: on every tick one Opus-like audio packet (10 ms, timestamp +480 at 48 kHz)
 * and one VP8-like video packet (frames of {@value #PACKETS_PER_FRAME} packets, 30 ms apart, +2700 at
 * 90 kHz). Every video frame is a keyframe: its first packet starts with the VP8 payload descriptor 0x10
 * (S=1, partition 0; RFC 7741 section 4.2) and a keyframe header (P bit 0, start code 9d 01 2a; RFC 6386
 * section 9.1); the last packet of a frame has the marker bit. Every packet carries the mid, abs-send-time
 * and transport-cc extensions, audio also the audio level (RFC 6464), and ends with a {@link MediaPattern}.
 * Runs on the transport's timer thread.
 */
public final class MediaSender {
    static final int PACKETS_PER_FRAME = 3;
    static final int AUDIO_TS_STEP = 480;
    static final int VIDEO_FRAME_TS_STEP = 2700;
    private static final int AUDIO_PAYLOAD = 120;
    private static final int VIDEO_PAYLOAD = 900;
    private static final byte[] VP8_KEYFRAME_START = {
        0x10, // VP8 payload descriptor: X=0 R=0 N=0 S=1 PID=0
        0x10, 0x02, 0x00, // frame tag: P=0 (keyframe), version 0, show_frame 1, partition size
        (byte) 0x9d, 0x01, 0x2a, // keyframe start code
        (byte) 0x80, 0x02, (byte) 0xe0, 0x01 // 640x480
    };

    private final PeerTransport transport;
    private final long audioSsrc;
    private final long videoSsrc;
    private final int publisherTag;
    private final byte[] audioMid;
    private final byte[] videoMid;
    private final SecureRandom random = new SecureRandom();
    private final int audioSeqBase = random.nextInt(0x10000);
    private final int videoSeqBase = random.nextInt(0x10000);
    private final long audioTsBase = random.nextInt() & 0xFFFFFFFFL;
    private final long videoTsBase = random.nextInt() & 0xFFFFFFFFL;
    private final AtomicInteger audioIndex = new AtomicInteger();
    private final AtomicInteger videoIndex = new AtomicInteger();
    private int transportSeq;
    private final SentLog log = new SentLog();
    private volatile ScheduledFuture<?> task;
    public final AtomicLong sendErrors = new AtomicLong();
    /** The RFC 6464 byte every audio packet carries from now on, or -1 for the default pattern (voice, 0..126). */
    private volatile int audioLevel = -1;
    public volatile Throwable lastSendError;

    MediaSender(PeerTransport transport, long audioSsrc, long videoSsrc, int publisherTag, String audioMid,
                String videoMid) {
        this.transport = transport;
        this.audioSsrc = audioSsrc;
        this.videoSsrc = videoSsrc;
        this.publisherTag = publisherTag;
        this.audioMid = audioMid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.videoMid = videoMid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public SentLog log() {
        return log;
    }

    /** How many packets of a kind have been sent (= the next index). */
    public int sent(MediaKind kind) {
        return kind == MediaKind.AUDIO ? audioIndex.get() : videoIndex.get();
    }

    /** From now on audio says it is speech (or not) at {@code levelDbov} (0 loudest .. 127 silence). */
    public void setAudioLevel(int levelDbov, boolean voice) {
        audioLevel = (voice ? 0x80 : 0) | (levelDbov & 0x7F);
    }

    public synchronized void start(Duration tick) {
        if (task == null) {
            task = transport.timers().scheduleAtFixedRate(this::tick, 0, tick.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /**
     * Abuse tests: stops the paced sending and sends video packets (valid, in sequence) as fast as this thread can
     * for {@code duration}; returns how many were sent.
     */
    public synchronized long flood(Duration duration) throws Exception {
        return flood(duration, 0, VIDEO_PAYLOAD, true);
    }

    /**
     * As {@link #flood(Duration)}, but small packets ({@code payloadBytes}, not logged: an attacker keeps no record),
     * at most {@code packetsPerSecond} in bursts of 1 ms.
     */
    public synchronized long flood(Duration duration, int packetsPerSecond, int payloadBytes) throws Exception {
        return flood(duration, packetsPerSecond, payloadBytes, false);
    }

    private long flood(Duration duration, int packetsPerSecond, int payloadBytes, boolean logged) throws Exception {
        stop();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long sent = 0;
        long now;
        while ((now = System.nanoTime()) - end < 0) {
            if (packetsPerSecond > 0 && sent >= (now - start) * packetsPerSecond / 1_000_000_000L) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
                continue;
            }
            sendVideo(payloadBytes, logged);
            sent++;
        }
        return sent;
    }

    /**
     * Abuse tests: sends one valid SRTP packet on each of {@code count} SSRCs the SDP never named (a client churning
     * SSRCs), {@code firstSsrc}, {@code firstSsrc + 1}, ...
     */
    public void churnSsrcs(long firstSsrc, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            byte[] payload = new byte[AUDIO_PAYLOAD];
            transport.sendRtp(new RtpPacket(false, LocalSdp.PT_OPUS, i & 0xFFFF, i * (long) AUDIO_TS_STEP,
                    (firstSsrc + i) & 0xFFFFFFFFL, Map.of(), payload));
        }
    }

    private void tick() {
        try {
            sendAudio();
            sendVideo();
        } catch (Exception e) {
            sendErrors.incrementAndGet();
            lastSendError = e;
        }
    }

    private void sendAudio() throws Exception {
        int i = audioIndex.get();
        int seq = (audioSeqBase + i) & 0xFFFF;
        long ts = (audioTsBase + (long) i * AUDIO_TS_STEP) & 0xFFFFFFFFL;
        int fixed = audioLevel;
        int level = fixed >= 0 ? fixed : 0x80 | (i % 127); // V bit, then the level in -dBov (RFC 6464)
        long now = System.nanoTime();
        byte[] payload = payload(AUDIO_PAYLOAD, null, new MediaPattern(publisherTag, MediaKind.AUDIO, seq, ts, i, now), i);
        Map<Integer, byte[]> ext = commonExtensions(audioMid, now);
        ext.put(LocalSdp.EXT_AUDIO_LEVEL, new byte[] {(byte) level});
        log.add(new SentLog.SentPacket(MediaKind.AUDIO, i, seq, ts, i == 0, level, payload, now));
        audioIndex.incrementAndGet();
        transport.sendRtp(new RtpPacket(i == 0, LocalSdp.PT_OPUS, seq, ts, audioSsrc, ext, payload));
    }

    private void sendVideo() throws Exception {
        sendVideo(VIDEO_PAYLOAD, true);
    }

    /** One video packet of {@code payloadBytes} (at least the pattern trailer), recorded in the log if asked. */
    private void sendVideo(int payloadBytes, boolean logged) throws Exception {
        int i = videoIndex.get();
        int seq = (videoSeqBase + i) & 0xFFFF;
        int frame = i / PACKETS_PER_FRAME;
        int positionInFrame = i % PACKETS_PER_FRAME;
        long ts = (videoTsBase + (long) frame * VIDEO_FRAME_TS_STEP) & 0xFFFFFFFFL;
        boolean marker = positionInFrame == PACKETS_PER_FRAME - 1;
        long now = System.nanoTime();
        byte[] head = positionInFrame == 0 ? VP8_KEYFRAME_START : new byte[] {0x00};
        byte[] payload = payload(Math.max(payloadBytes, head.length + MediaPattern.LENGTH), head,
                new MediaPattern(publisherTag, MediaKind.VIDEO, seq, ts, i, now), i);
        if (logged) {
            log.add(new SentLog.SentPacket(MediaKind.VIDEO, i, seq, ts, marker, -1, payload, now));
        }
        videoIndex.incrementAndGet();
        transport.sendRtp(new RtpPacket(marker, LocalSdp.PT_VP8, seq, ts, videoSsrc, commonExtensions(videoMid, now),
                payload));
    }

    private Map<Integer, byte[]> commonExtensions(byte[] mid, long nowNanos) {
        Map<Integer, byte[]> ext = new HashMap<>();
        // abs-send-time: 6.18 fixed-point seconds, 24 bits.
        long abs = (((nowNanos / 1_000_000_000L) << 18) + ((nowNanos % 1_000_000_000L) << 18) / 1_000_000_000L)
                & 0xFFFFFF;
        ext.put(LocalSdp.EXT_ABS_SEND_TIME, new byte[] {(byte) (abs >> 16), (byte) (abs >> 8), (byte) abs});
        int twcc = transportSeq++ & 0xFFFF;
        ext.put(LocalSdp.EXT_TRANSPORT_CC, new byte[] {(byte) (twcc >> 8), (byte) twcc});
        ext.put(LocalSdp.EXT_MID, mid);
        return ext;
    }

    /** head (if any), then filler derived from the index, then the pattern trailer; total {@code size} bytes. */
    private static byte[] payload(int size, byte[] head, MediaPattern pattern, int index) {
        byte[] p = new byte[size];
        int pos = 0;
        if (head != null) {
            System.arraycopy(head, 0, p, 0, head.length);
            pos = head.length;
        }
        for (int j = pos; j < size - MediaPattern.LENGTH; j++) {
            p[j] = (byte) (index * 7 + j * 13);
        }
        System.arraycopy(pattern.toBytes(), 0, p, size - MediaPattern.LENGTH, MediaPattern.LENGTH);
        return p;
    }
}
