/**
 * The join-time benchmark ({@code ./patchbay load --scenario join}):
 * {@link io.patchbay.load.join.JoinTimeScenario} joins new participants one after another into a room with a few
 * publishers, and {@link io.patchbay.load.join.JoinTimeline} keeps, per join, when each
 * {@link io.patchbay.load.report.JoinPhase} was first reached, from the hooks of the generator's own client
 * ({@link io.patchbay.load.sfu.ParticipantEvents}, {@link io.patchbay.load.client.ConnectionEvents}). The results are
 * {@link io.patchbay.load.report.JoinRun}s of the report, rendered by {@link io.patchbay.load.report.JoinTimeTable}.
 */
package io.patchbay.load.join;
