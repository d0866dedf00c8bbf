package io.patchbay.media.transport;

import java.io.IOException;

/** How a transport's media leaves the media port once ICE selected a pair on it (media thread). */
interface MediaSender {
    /**
     * Sends, or queues to send at the end of the media thread's batch, {@code buf[off, off+len)}; the caller may reuse
     * {@code buf} as soon as this returns. False if it was refused (the caller counts it).
     */
    boolean send(byte[] buf, int off, int len, UdpDestination to) throws IOException;
}
