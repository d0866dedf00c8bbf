package io.patchbay.media;

/** How media threads hand datagrams to the kernel. */
public enum SendPath {
    /**
     * Each media thread queues what it sends and hands it to the kernel in one {@code sendmmsg(2)} per received
     * packet's fan-out (and per turn of commands and timers), on its own socket (Netty's native epoll library; Linux).
     * Where that cannot load: {@link #SINGLE}.
     */
    BATCHED,
    /** One {@code sendto(2)} per datagram, on one socket shared by every media thread (the JDK's DatagramChannel). */
    SINGLE
}
