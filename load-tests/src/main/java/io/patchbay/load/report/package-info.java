/**
 * What one invocation of the load generator measured, and its three renderings.
 *
 * <ul>
 *   <li>Model (records): {@link io.patchbay.load.report.LoadReport} holds
 *       {@link io.patchbay.load.report.ServerRun}s of {@link io.patchbay.load.report.StepResult}s (with
 *       {@link io.patchbay.load.report.Percentiles} and {@link io.patchbay.load.report.Histogram}) and
 *       {@link io.patchbay.load.report.Comparison}s, and for the join scenario
 *       {@link io.patchbay.load.report.JoinRun}s of {@link io.patchbay.load.report.JoinRecord}s (milliseconds per
 *       {@link io.patchbay.load.report.JoinPhase}), rendered by {@link io.patchbay.load.report.JoinTimeTable}.</li>
 *   <li>{@link io.patchbay.load.report.ReportJson}: the report as a JSON file and back (NaN written as null).</li>
 *   <li>{@link io.patchbay.load.report.ReportTable}: the report as aligned plain text for the terminal.</li>
 *   <li>{@link io.patchbay.load.report.HtmlReport}: one self-contained HTML page with tables and SVG plots.</li>
 * </ul>
 *
 * <p>Package-private parts: {@code StepTable} and {@code ComparisonTable} choose the columns (a {@code Table} of
 * formatted cells built with {@code Column}s and {@code Figures}); {@code TextTable} and {@code HtmlTable} render a
 * {@code Table}; {@code ReportPlots} chooses the plots, {@code SvgChart} and {@code Axis} draw them; {@code Html}
 * escapes; {@code RunHeadline} names a run; {@code ReportParts} reads lists null-safely.
 */
package io.patchbay.load.report;
