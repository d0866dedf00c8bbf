/**
 * The SDP model and offer/answer negotiation of the server. No I/O, no threads; every type is immutable or a
 * pure function, so any thread may call it.
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link io.patchbay.core.sdp.SessionDescription#parse(String)} reads untrusted SDP (RFC 8866) and throws
 *       only {@link io.patchbay.core.sdp.SdpParseException}; {@link io.patchbay.core.sdp.SessionDescription#toSdp()}
 *       writes CRLF text. The grammar, limits and checks are listed on {@code SdpParser}.</li>
 *   <li>{@link io.patchbay.core.sdp.SdpNegotiator}: answering a publisher's offer (RFC 8829 section 5.3), building
 *       the server's offer to a subscriber (section 5.2), reading the subscriber's answer (section 5.10); refusals
 *       are {@link io.patchbay.core.sdp.SdpNegotiationException} with a stable code.</li>
 *   <li>{@link io.patchbay.core.sdp.CodecTable} and {@link io.patchbay.core.sdp.RtpHeaderExtensions}: what the
 *       server forwards, and the payload types and extension ids subscribers see.</li>
 * </ul>
 *
 * <p>Model: {@link io.patchbay.core.sdp.SessionDescription} holds {@link io.patchbay.core.sdp.MediaSection}s, each
 * with {@link io.patchbay.core.sdp.RtpCodec}s (from rtpmap, fmtp, rtcp-fb), {@link io.patchbay.core.sdp.HeaderExtension}s
 * (RFC 8285), {@link io.patchbay.core.sdp.SsrcAttribute}s and {@link io.patchbay.core.sdp.SsrcGroup}s (RFC 5576),
 * {@link io.patchbay.core.sdp.Msid}s (RFC 8830), ICE credentials and candidates (RFC 8839), a
 * {@link io.patchbay.core.sdp.Fingerprint} (RFC 8122) and a {@link io.patchbay.core.sdp.SetupRole} (RFC 8842).
 * Attributes the model does not interpret are kept as raw text, so parse, write, parse gives an equal model.
 */
package io.patchbay.core.sdp;
