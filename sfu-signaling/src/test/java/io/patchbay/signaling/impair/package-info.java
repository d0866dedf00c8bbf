/**
 * A deterministic, user-space UDP impairment relay for tests: loss, delay, jitter, reordering and a bandwidth cap
 * without root, netem or tc (see shared/TESTING.md, "Network impairment").
 *
 * <p>Topology: the SFU binds {@code 127.0.0.1:P} and advertises only the candidate {@code 127.0.0.2:P}; the
 * {@link io.patchbay.signaling.impair.UdpImpairmentRelay} binds {@code 127.0.0.2:P} and forwards each client's
 * datagrams to {@code 127.0.0.1:P} from an upstream socket of its own (a symmetric-NAT-like mapping), and the
 * server's replies back to that client.
 *
 * <p>Parts, one job each:
 * <ul>
 *   <li>{@link io.patchbay.signaling.impair.ImpairmentProfile}: what to do to one direction (immutable).</li>
 *   <li>{@link io.patchbay.signaling.impair.LinkShaper}: decides, for one packet on one link, drop (with a
 *       {@link io.patchbay.signaling.impair.DropReason}) or the time to send it; no I/O, injected time, seeded.</li>
 *   <li>{@link io.patchbay.signaling.impair.DatagramScheduler}: the one thread that sends decided packets at
 *       their time, from a bounded queue.</li>
 *   <li>{@link io.patchbay.signaling.impair.UdpImpairmentRelay}: sockets, mappings, one selector thread that
 *       receives and decides, and the counters ({@link io.patchbay.signaling.impair.RelayStats}).</li>
 * </ul>
 */
package io.patchbay.signaling.impair;
