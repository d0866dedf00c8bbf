package io.patchbay.load.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One receive thread serving many connections through a {@link Selector}: each wake-up drains every readable socket
 * (up to 64 datagrams, so no socket starves the others) into one scratch array. Draining costs one empty read per
 * socket and wake-up, but keeps this thread awake through a burst: reading one datagram per wake-up was measured to
 * cost more on both sides (each datagram then tends to wake this thread, and the sender pays for the wake-up).
 * Connected sockets are read without a source address, so the steady state allocates nothing per packet.
 */
final class ReceiveLoop implements AutoCloseable {
    private final Selector selector;
    private final Thread thread;
    private final Queue<ClientConnection> toRegister = new ConcurrentLinkedQueue<>();
    private final byte[] scratch = new byte[2048];
    private final ByteBuffer buffer = ByteBuffer.wrap(scratch);
    private volatile boolean running = true;

    ReceiveLoop(String name) throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    void register(ClientConnection c) {
        toRegister.add(c);
        selector.wakeup();
    }

    private void run() {
        while (running) {
            try {
                selector.select(this::onReady, 100);
                ClientConnection c;
                while ((c = toRegister.poll()) != null) {
                    try {
                        c.channel.register(selector, SelectionKey.OP_READ, c);
                    } catch (ClosedChannelException e) {
                        // Closed before it was registered.
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!running) return;
            }
        }
    }

    private void onReady(SelectionKey key) {
        ClientConnection c = (ClientConnection) key.attachment();
        if (!key.isValid()) return;
        try {
            for (int i = 0; i < 64; i++) {
                buffer.clear();
                InetSocketAddress from;
                if (c.isChannelConnected()) {
                    if (c.channel.read(buffer) <= 0) return;
                    from = null;
                } else {
                    from = (InetSocketAddress) c.channel.receive(buffer);
                    if (from == null) return;
                }
                c.onDatagram(scratch, buffer.position(), from, System.nanoTime());
            }
        } catch (IOException e) {
            key.cancel();
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(1000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }
}
