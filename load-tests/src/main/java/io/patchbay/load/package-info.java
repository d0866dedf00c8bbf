/**
 * The load generator ({@code ./patchbay load}) and the Janus comparison ({@code ./patchbay compare}).
 *
 * <ul>
 *   <li>{@link io.patchbay.load.LoadMain}, {@link io.patchbay.load.CompareMain}: command lines;
 *       {@link io.patchbay.load.LoadOptions} parses them into {@link io.patchbay.load.LoadSettings}.</li>
 *   <li>{@link io.patchbay.load.RampRunner}: one scenario against one server, level by level, until the knee;
 *       {@link io.patchbay.load.Scenario} says what a level means; {@link io.patchbay.load.Targets} checks the
 *       project's targets.</li>
 *   <li>{@code join}: the join-time scenario, one join at a time, timed phase by phase.</li>
 *   <li>{@code client}: the simulated peer connections (ICE, DTLS client, SRTP, synthetic media, cheap sinks).</li>
 *   <li>{@code sfu}: how participants join each server ({@code PatchbayTarget}, {@code JanusTarget}).</li>
 *   <li>{@code janus}: Janus as a child process and its videoroom HTTP API.</li>
 *   <li>{@code report}: the report model and its text, JSON and HTML renderings.</li>
 *   <li>{@code peer}: the scripted test peer the sfu-signaling integration tests drive (and whose SDP, STUN and DTLS
 *       pieces the generator reuses).</li>
 * </ul>
 * None of this shares code with the server's media path; only {@code io.patchbay.bench} (JMH) uses sfu-media.
 */
package io.patchbay.load;
