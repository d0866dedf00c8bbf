/**
 * The servers under test, behind one interface ({@link io.patchbay.load.sfu.SfuTarget}): how a simulated
 * participant joins, publishes and subscribes on Patchbay (its WebSocket protocol) and on Janus (videoroom over HTTP),
 * the server's process id for CPU, and its heap and GC when it reports them.
 */
package io.patchbay.load.sfu;
