package io.patchbay.core.sdp;

/** One line of a description being parsed: its 1-based number, its type letter and the text after {@code "x="}. */
record SdpLine(int number, char type, String value) {

    SdpParseException fail(SdpParseError error, String message) {
        return new SdpParseException(error, number, message);
    }
}
