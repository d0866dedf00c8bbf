package io.patchbay.bench;

import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.srtp.SrtpKeys;
import io.patchbay.media.srtp.SrtpProfile;
import io.patchbay.media.srtp.SrtpResult;
import io.patchbay.media.srtp.SrtpSession;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SRTP in place on a ~1100-byte video packet with the server's {@link SrtpSession} (jitsi-srtp underneath).
 *
 * <p>Unprotect cannot be measured alone: the replay window refuses a packet seen before and the packet is decrypted
 * in place, so every unprotect needs a freshly protected packet. {@code protectThenUnprotect} does both in one
 * operation (the buffer ends as plaintext again); unprotect is its time minus {@code protect}'s.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SrtpBenchmark {
    @Param({"AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80"})
    public SrtpProfile profile;

    private final int[] lengthOut = new int[1];
    private SrtpSession server;
    private SrtpSession client;
    private PacketBuffer packet;
    private int plainLength;
    private int seq;

    @Setup
    public void setUp() {
        SrtpKeys keys = VideoPackets.keys(profile);
        server = new SrtpSession(keys, true);
        client = new SrtpSession(keys, false);
        packet = VideoPackets.standalone(0, false);
        plainLength = packet.length;
        if (protectThenUnprotect() != SrtpResult.OK) throw new IllegalStateException("SRTP round trip failed");
    }

    @TearDown
    public void tearDown() {
        server.close();
        client.close();
    }

    /** Encrypts and tags a packet as the server does for each subscriber. */
    @Benchmark
    public SrtpResult protect() {
        nextSequenceNumber();
        // Encrypting the previous ciphertext costs the same as encrypting plaintext; the header stays clear.
        return server.protectRtp(packet.data, packet.offset, plainLength, lengthOut);
    }

    /** Protects as the server would, then authenticates and decrypts as its receiving side does. */
    @Benchmark
    public SrtpResult protectThenUnprotect() {
        nextSequenceNumber();
        SrtpResult sent = server.protectRtp(packet.data, packet.offset, plainLength, lengthOut);
        if (sent != SrtpResult.OK) return sent;
        return client.unprotectRtp(packet.data, packet.offset, lengthOut[0], lengthOut);
    }

    private void nextSequenceNumber() {
        seq = (seq + 1) & 0xFFFF;
        RtpHeader.setSequenceNumber(packet.data, packet.offset, seq);
    }
}
