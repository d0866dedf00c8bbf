package io.patchbay.media.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

/**
 * The send-only media socket against real UDP sockets: it shares the port with an exact-address socket (as ice4j's
 * are) without taking that socket's datagrams, its sends leave from the shared port, and the probe tells when it would
 * take datagrams (then MediaPort does not use it).
 */
class UdpSenderTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void sharesThePortWithoutTakingTheExactAddressSocketsDatagramsAndSendsFromIt() throws Exception {
        try (DatagramChannel exact = DatagramChannel.open(StandardProtocolFamily.INET)) {
            exact.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            exact.bind(new InetSocketAddress(LOOPBACK, 0));
            int port = ((InetSocketAddress) exact.getLocalAddress()).getPort();
            try (UdpSender sender = UdpSender.bindWildcard(port, false);
                 DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                assertFalse(sender.receivesProbe(LOOPBACK), "the exact-address socket must keep its datagrams");

                byte[] payload = {(byte) 0x80, 96, 0, 1, 9, 9, 9, 9};
                byte[] buf = new byte[16];
                System.arraycopy(payload, 0, buf, 4, payload.length);
                assertTrue(sender.send(buf, 4, payload.length,
                        new UdpDestination((InetSocketAddress) peer.getLocalSocketAddress())));
                peer.setSoTimeout(2000);
                DatagramPacket got = new DatagramPacket(new byte[64], 64);
                peer.receive(got);
                assertEquals(port, got.getPort(), "sent from the media port");
                assertEquals(LOOPBACK, got.getAddress());
                assertArrayEquals(payload, java.util.Arrays.copyOf(got.getData(), got.getLength()));
            }
        }
    }

    @Test
    void probeSaysSoWhenItWouldTakeDatagrams() throws Exception {
        try (UdpSender alone = UdpSender.bindWildcard(0, false)) {
            assertTrue(alone.receivesProbe(LOOPBACK), "alone on its port, the wildcard socket receives");
        }
    }

    @Test
    void routeSourceIsTheAddressTheKernelWouldSendFrom() throws Exception {
        assertEquals(LOOPBACK, UdpSender.routeSource(new InetSocketAddress(LOOPBACK, 9)));
    }
}
