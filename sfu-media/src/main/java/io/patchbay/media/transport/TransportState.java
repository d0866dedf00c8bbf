package io.patchbay.media.transport;

/** Lifecycle of a WebRTC transport. */
public enum TransportState {
    NEW, CHECKING, DTLS_CONNECTING, CONNECTED, FAILED, CLOSED
}
