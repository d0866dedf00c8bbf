/**
 * Janus 1.x for the side-by-side comparison: {@link io.patchbay.load.janus.JanusProcess} runs it as a child process
 * with a private minimal configuration ({@link io.patchbay.load.janus.JanusConfig}: videoroom and HTTP only, ICE on
 * one interface, no STUN/TURN), inside a {@link io.patchbay.load.janus.NetworkNamespace} when the JVM is not in one;
 * {@link io.patchbay.load.janus.JanusVideoRoomClient} speaks its HTTP API (session, long poll, keepalive,
 * videoroom publish and subscribe, trickle).
 */
package io.patchbay.load.janus;
