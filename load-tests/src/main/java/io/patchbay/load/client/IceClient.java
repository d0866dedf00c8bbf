package io.patchbay.load.client;

import io.patchbay.load.peer.StunMessage;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ICE side of one client connection (RFC 8445), one component, one local host candidate. Controlling (we
 * offered, or the server is ICE-lite-like and waits for us): checks carry USE-CANDIDATE and the first valid success
 * response selects the pair. Controlled (the server offered and runs full ICE, e.g. Janus/libnice): we check too,
 * and select on the first valid success or on the server's nominating request, whichever comes first. Every
 * authenticated request is answered (RFC 8445 section 7.3). Until selection every pair is checked every 50 ms, and a
 * new pair (a trickled candidate, or the remote credentials arriving) at once, as browsers do; after selection a
 * check every 2.5 s keeps consent (RFC 7675). Timers run on the driver thread; STUN input on the receive-loop thread.
 */
final class IceClient {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** RFC 8445 section 5.1.2.1: priority of a peer-reflexive candidate, type preference 110. */
    private static final long PRFLX_PRIORITY = (110L << 24) | (65535L << 8) | 255;
    private static final long CHECK_INTERVAL_NANOS = 50_000_000L;
    private static final long CONSENT_INTERVAL_NANOS = 2_500_000_000L;

    interface Output {
        void sendStun(byte[] data, InetSocketAddress to);
    }

    private final Output output;
    private final String localUfrag;
    private final String localPwd;
    private final boolean controlling;
    private final long tieBreaker = RANDOM.nextLong();
    private final List<InetSocketAddress> remoteCandidates = new CopyOnWriteArrayList<>();
    private final Map<Long, InetSocketAddress> pending = new ConcurrentHashMap<>();
    private volatile String remoteUfrag;
    private volatile String remotePwd;
    private volatile InetSocketAddress selected;
    private volatile Runnable onSelected = () -> { };
    private long nextCheckNanos;
    /** A new pair formed: check it on the next driver tick instead of at the next 50 ms round. */
    private volatile boolean checkNow;
    private volatile boolean answeredRemoteCheck;
    /** The remote agent is ICE-lite (RFC 8445 section 2.5): it answers checks but never sends any. */
    private volatile boolean remoteLite;
    private volatile java.util.function.LongConsumer onRemoteCheck = nanos -> { };
    final AtomicLong checksSent = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();

    IceClient(Output output, String localUfrag, String localPwd, boolean controlling) {
        this.output = output;
        this.localUfrag = localUfrag;
        this.localPwd = localPwd;
        this.controlling = controlling;
    }

    void onSelected(Runnable r) {
        onSelected = r;
    }

    /**
     * Runs once, on the receive-loop thread, when the remote agent's first check has been answered, with the time it
     * was (taken before a DTLS handshake waiting for it is woken).
     */
    void onRemoteCheck(java.util.function.LongConsumer r) {
        onRemoteCheck = r;
    }

    void setRemoteLite(boolean lite) {
        remoteLite = lite;
    }

    void setRemoteCredentials(String ufrag, String pwd) {
        remotePwd = pwd;
        remoteUfrag = ufrag;
        checkNow = true;
    }

    void addRemoteCandidate(InetSocketAddress a) {
        if (!remoteCandidates.contains(a)) {
            remoteCandidates.add(a);
            checkNow = true;
        }
    }

    InetSocketAddress selected() {
        return selected;
    }

    /** Driver tick: checks every 50 ms (a new pair at once) until a pair is selected, then a consent check every 2.5 s. */
    void tick(long nowNanos) {
        if (remoteUfrag == null) return;
        boolean newPair = checkNow && selected == null;
        if (nowNanos < nextCheckNanos && !newPair) return;
        checkNow = false;
        InetSocketAddress s = selected;
        if (s == null) {
            for (InetSocketAddress c : remoteCandidates) sendCheck(c, controlling);
            nextCheckNanos = nowNanos + CHECK_INTERVAL_NANOS;
        } else {
            sendCheck(s, false);
            nextCheckNanos = nowNanos + CONSENT_INTERVAL_NANOS;
        }
    }

    /** RFC 8445 section 7.1.1: USERNAME remote:local, PRIORITY, our role, integrity with the remote password. */
    private void sendCheck(InetSocketAddress to, boolean nominate) {
        byte[] txId = new byte[12];
        RANDOM.nextBytes(txId);
        StunMessage.Builder b = new StunMessage.Builder(StunMessage.BINDING_REQUEST, txId)
                .username(remoteUfrag + ":" + localUfrag)
                .priority(PRFLX_PRIORITY);
        if (controlling) {
            b.iceControlling(tieBreaker);
        } else {
            b.iceControlled(tieBreaker);
        }
        if (nominate) b.useCandidate();
        pending.put(key(txId), to);
        checksSent.incrementAndGet();
        output.sendStun(b.encode(remotePwd), to);
    }

    /** A STUN message from the network (receive-loop thread). Unauthenticated or unexpected input is counted and dropped. */
    void onStun(byte[] data, int length, InetSocketAddress from) {
        StunMessage m = StunMessage.decode(data, length);
        if (m == null || !m.hasValidFingerprintOrNone()) {
            rejected.incrementAndGet();
            return;
        }
        if (m.type() == StunMessage.BINDING_REQUEST) {
            String username = m.username();
            if (username == null || !username.startsWith(localUfrag + ":") || !m.hasValidIntegrity(localPwd)) {
                rejected.incrementAndGet();
                output.sendStun(new StunMessage.Builder(StunMessage.BINDING_ERROR, m.transactionId())
                        .errorCode(401, "Unauthorized").encode(null), from);
                return;
            }
            output.sendStun(new StunMessage.Builder(StunMessage.BINDING_SUCCESS, m.transactionId())
                    .xorMappedAddress(from).encode(localPwd), from);
            if (!answeredRemoteCheck) {
                long answeredNanos = System.nanoTime();
                synchronized (this) {
                    answeredRemoteCheck = true;
                    notifyAll();
                }
                onRemoteCheck.accept(answeredNanos);
            }
            // Controlled: the controlling agent's check (nominating or not) proves the pair works both ways once
            // our own check succeeded; selecting on it as well avoids waiting a check interval.
            if (!controlling && m.hasUseCandidate()) select(from);
        } else if (m.type() == StunMessage.BINDING_SUCCESS) {
            InetSocketAddress target = pending.remove(key(m.transactionId()));
            String pwd = remotePwd;
            if (target == null || !target.equals(from) || pwd == null || !m.hasValidIntegrity(pwd)) {
                rejected.incrementAndGet();
                return;
            }
            select(from);
        } else if (m.type() != StunMessage.BINDING_INDICATION) {
            rejected.incrementAndGet();
        }
    }

    private void select(InetSocketAddress address) {
        boolean first;
        synchronized (this) {
            first = selected == null;
            if (first) selected = address;
        }
        if (first) onSelected.run();
    }

    /**
     * Waits (bounded) until the remote agent's own check reached us and was answered. A full ICE agent (Janus) sets up
     * its DTLS side before it starts checking, so a ClientHello sent before then is lost and costs BouncyCastle's 1 s
     * retransmission timeout; browsers' DTLS likewise follows a pair that works both ways. An ICE-lite agent sends no
     * checks: nothing to wait for (the pair works both ways once its answer to ours came back).
     */
    void awaitRemoteCheck(long timeoutNanos) throws InterruptedException {
        if (remoteLite) return;
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (this) {
            while (!answeredRemoteCheck) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return;
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    String summary() {
        return "checks=" + checksSent + " rejected=" + rejected + " candidates=" + remoteCandidates + " selected=" + selected;
    }

    private static long key(byte[] txId) {
        return Bytes.i64(txId, 0) ^ ((long) Bytes.i32(txId, 8) << 16);
    }
}
