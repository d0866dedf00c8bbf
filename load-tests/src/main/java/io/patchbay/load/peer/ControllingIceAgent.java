package io.patchbay.load.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal controlling ICE agent (RFC 8445) with one component and host candidates only, over a {@link UdpMux}.
 * It sends connectivity checks with aggressive nomination (USE-CANDIDATE on every check) to the remote
 * candidates, retransmitting every 50 ms until a valid success response arrives, and answers the remote
 * agent's checks. After that it keeps sending a check every 2 s as a keepalive (RFC 8445 section 11,
 * RFC 7675 consent). The remote may be a full agent (controlled) or ICE-lite (RFC 8445 section 6.1.1, which
 * sends no checks of its own): either way we control and nominate.
 *
 * <p>One instance is one ICE generation (one set of local and remote credentials): an ICE restart
 * (RFC 8445 section 9) makes a new agent, possibly on a new socket, while the old one keeps the current pair
 * alive. The owner hands it the STUN messages that are its own ({@link #isFor}). Which thread calls:
 * {@link #onStun} on a mux reader; the others on any thread.
 */
final class ControllingIceAgent {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** RFC 8445 section 5.1.2.1: priority of a peer-reflexive candidate, type preference 110. */
    private static final long PRFLX_PRIORITY = (110L << 24) | (65535L << 8) | (256 - 1);

    private final UdpMux mux;
    private final String localUfrag;
    private final String localPwd;
    private final long tieBreaker = RANDOM.nextLong();
    private final List<InetSocketAddress> remoteCandidates = new CopyOnWriteArrayList<>();
    private final Map<String, InetSocketAddress> pendingChecks = new ConcurrentHashMap<>();
    private volatile String remoteUfrag;
    private volatile String remotePwd;
    private volatile InetSocketAddress selected;
    private volatile long selectedAtNanos;

    final AtomicLong checksSent = new AtomicLong();
    final AtomicLong successResponses = new AtomicLong();
    final AtomicLong errorResponses = new AtomicLong();
    final AtomicLong requestsAnswered = new AtomicLong();
    final AtomicLong requestsRejected = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong indications = new AtomicLong();
    final List<Integer> errorCodes = new CopyOnWriteArrayList<>();

    ControllingIceAgent(UdpMux mux, String localUfrag, String localPwd) {
        this.mux = mux;
        this.localUfrag = localUfrag;
        this.localPwd = localPwd;
    }

    String localUfrag() {
        return localUfrag;
    }

    UdpMux mux() {
        return mux;
    }

    void setRemoteCredentials(String ufrag, String pwd) {
        this.remoteUfrag = ufrag;
        this.remotePwd = pwd;
    }

    void addRemoteCandidate(InetSocketAddress address) {
        if (!remoteCandidates.contains(address)) {
            remoteCandidates.add(address);
        }
    }

    InetSocketAddress selectedAddress() {
        return selected;
    }

    /** System.nanoTime() of the first valid success response (the pair was selected), or 0. */
    long selectedAtNanos() {
        return selectedAtNanos;
    }

    /**
     * Whether a STUN message belongs to this generation: a request whose USERNAME starts with our ufrag, or a
     * response to one of our transactions.
     */
    boolean isFor(StunMessage m) {
        if (m.type() == StunMessage.BINDING_REQUEST) {
            String username = m.username();
            return username != null && username.startsWith(localUfrag + ":");
        }
        return pendingChecks.containsKey(hex(m.transactionId()));
    }

    /** Sends checks until one succeeds; returns the remote address of the nominated pair. */
    InetSocketAddress connect(Duration timeout) throws IOException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (selected == null) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("ICE: no success response; " + summary());
            }
            if (remoteUfrag != null) {
                for (InetSocketAddress candidate : remoteCandidates) {
                    sendCheck(candidate, true);
                }
            }
            synchronized (this) {
                if (selected == null) {
                    wait(50);
                }
            }
        }
        return selected;
    }

    /** Waits (bounded) until the remote agent's own check has been answered, so it has a valid pair too. */
    boolean awaitRemoteCheck(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requestsAnswered.get() == 0 && System.nanoTime() < deadline) {
            synchronized (this) {
                wait(20);
            }
        }
        return requestsAnswered.get() > 0;
    }

    /** Keepalive / consent check to the selected pair. */
    void sendKeepalive() {
        InetSocketAddress to = selected;
        if (to != null) {
            try {
                sendCheck(to, false);
            } catch (IOException ignored) {
                // The socket is closing.
            }
        }
    }

    /** RFC 8445 section 7.1.1: USERNAME remote:local, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, integrity with the remote password. */
    private void sendCheck(InetSocketAddress to, boolean nominate) throws IOException {
        byte[] txId = new byte[12];
        RANDOM.nextBytes(txId);
        StunMessage.Builder b = new StunMessage.Builder(StunMessage.BINDING_REQUEST, txId)
                .username(remoteUfrag + ":" + localUfrag)
                .priority(PRFLX_PRIORITY)
                .iceControlling(tieBreaker);
        if (nominate) {
            b.useCandidate();
        }
        byte[] bytes = b.encode(remotePwd);
        pendingChecks.put(hex(txId), to);
        mux.send(bytes, 0, bytes.length, to);
        checksSent.incrementAndGet();
    }

    /** A decoded STUN message from {@code from}, received on {@code via} (answers go back through it). */
    void onStun(StunMessage m, InetSocketAddress from, UdpMux via) {
        switch (m.type()) {
            case StunMessage.BINDING_REQUEST -> answer(m, from, via);
            case StunMessage.BINDING_SUCCESS -> onSuccess(m, from);
            case StunMessage.BINDING_ERROR -> {
                pendingChecks.remove(hex(m.transactionId()));
                errorResponses.incrementAndGet();
                errorCodes.add(m.errorCode());
            }
            case StunMessage.BINDING_INDICATION -> indications.incrementAndGet();
            default -> malformed.incrementAndGet();
        }
    }

    void countMalformed() {
        malformed.incrementAndGet();
    }

    /** RFC 8445 section 7.3: a check from the controlled agent has USERNAME local:remote and our password's integrity. */
    private void answer(StunMessage request, InetSocketAddress from, UdpMux via) {
        String username = request.username();
        if (username == null || !username.startsWith(localUfrag + ":") || !request.hasValidIntegrity(localPwd)) {
            requestsRejected.incrementAndGet();
            byte[] error = new StunMessage.Builder(StunMessage.BINDING_ERROR, request.transactionId())
                    .errorCode(401, "Unauthorized").encode(null);
            trySend(via, error, from);
            return;
        }
        byte[] response = new StunMessage.Builder(StunMessage.BINDING_SUCCESS, request.transactionId())
                .xorMappedAddress(from)
                .encode(localPwd);
        trySend(via, response, from);
        requestsAnswered.incrementAndGet();
        synchronized (this) {
            notifyAll();
        }
    }

    /** RFC 8445 section 7.2.5: a success response is valid if it matches a transaction, comes from where we sent, and its integrity checks with the remote password. */
    private void onSuccess(StunMessage response, InetSocketAddress from) {
        InetSocketAddress target = pendingChecks.remove(hex(response.transactionId()));
        if (target == null || !target.equals(from) || remotePwd == null || !response.hasValidIntegrity(remotePwd)) {
            malformed.incrementAndGet();
            return;
        }
        successResponses.incrementAndGet();
        synchronized (this) {
            if (selected == null) {
                selectedAtNanos = System.nanoTime();
                selected = from;
            }
            notifyAll();
        }
    }

    private static void trySend(UdpMux via, byte[] bytes, InetSocketAddress to) {
        try {
            via.send(bytes, 0, bytes.length, to);
        } catch (IOException ignored) {
            // The socket is closing.
        }
    }

    String summary() {
        return "ufrag=" + localUfrag + " checksSent=" + checksSent + " success=" + successResponses + " errors=" + errorResponses
                + " errorCodes=" + countByCode() + " answered=" + requestsAnswered + " rejected=" + requestsRejected
                + " malformed=" + malformed + " indications=" + indications + " remoteCandidates=" + remoteCandidates
                + " remoteUfrag=" + remoteUfrag;
    }

    /** Error response codes and how often each came, e.g. {401=153}. */
    private java.util.Map<Integer, Integer> countByCode() {
        java.util.Map<Integer, Integer> counts = new java.util.TreeMap<>();
        for (int code : errorCodes) {
            counts.merge(code, 1, Integer::sum);
        }
        return counts;
    }

    static String randomToken(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

}
