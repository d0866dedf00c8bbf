package io.patchbay.signaling.impair;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that can cut its connections like a network does: {@link #cut()} resets every open
 * connection at once (RST to both ends, no close handshake, no WebSocket close frame), and later connections are
 * proxied again. Put between a page and the server's HTTP port, it cuts the page's signaling WebSocket.
 *
 * <p>Threads: one accept thread ({@code tcp-cut-proxy-accept}) and two copy threads per connection. {@link #cut()},
 * {@link #accepted()} and {@link #close()} are safe from any thread.
 */
public final class TcpCutProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket[]> open = new ArrayList<>(); // guarded by itself
    private final AtomicLong accepted = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closed;

    private TcpCutProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
        this.acceptor = new Thread(this::acceptLoop, "tcp-cut-proxy-accept");
        acceptor.setDaemon(true);
    }

    /** Listens on 127.0.0.1 (any free port) and forwards each connection to {@code target}. */
    public static TcpCutProxy start(InetSocketAddress target) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TcpCutProxy proxy = new TcpCutProxy(listener, target);
        proxy.acceptor.start();
        return proxy;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    /** Resets every open connection, both ends; returns how many it cut. */
    public int cut() {
        List<Socket[]> pairs;
        synchronized (open) {
            pairs = new ArrayList<>(open);
            open.clear();
        }
        for (Socket[] pair : pairs) {
            reset(pair[0]);
            reset(pair[1]);
        }
        return pairs.size();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cut();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 5_000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
            } catch (IOException e) {
                reset(client);
                reset(upstream);
                continue;
            }
            Socket[] pair = {client, upstream};
            synchronized (open) {
                open.add(pair);
            }
            AtomicInteger running = new AtomicInteger(2);
            pump(client, upstream, pair, running, "up");
            pump(upstream, client, pair, running, "down");
        }
    }

    private void pump(Socket from, Socket to, Socket[] pair, AtomicInteger running, String direction) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            boolean orderly = false;
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
                to.shutdownOutput(); // an orderly close travels on
                orderly = true;
            } catch (IOException e) {
                // cut, reset or closed
            } finally {
                if (!orderly || running.decrementAndGet() == 0) {
                    synchronized (open) {
                        open.remove(pair);
                    }
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }
        }, "tcp-cut-proxy-" + direction + "-" + from.getPort());
        t.setDaemon(true);
        t.start();
    }

    /** Closes with SO_LINGER 0: the kernel sends RST instead of FIN. */
    private static void reset(Socket s) {
        try {
            if (!s.isClosed()) s.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // not connected: closing is enough
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
