package io.patchbay.load.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/** The report's charts as inline SVG: which figures go on which axes. Drawing is left to {@link SvgChart}. */
final class ReportPlots {

    /** More steps than this in one delay plot are thinned out (the knee is always kept). */
    private static final int MAX_DELAY_LINES = 8;
    /** Delay p99 goes on a log axis when its largest value is this many times its smallest. */
    private static final double LOG_DELAY_SPREAD = 30;

    private ReportPlots() {
    }

    /**
     * Delay tail of one run: for each step, the share of packets whose delay exceeded x (complementary CDF), on
     * log-log axes, so that the median (50 %), p99 (1 %) and the worst packets are all visible.
     */
    static String delayTail(ServerRun run) {
        List<SvgChart.Series> series = new ArrayList<>();
        List<StepResult> steps = ReportParts.steps(run);
        for (int index : stepsToDraw(steps.size(), run.kneeStep())) {
            StepResult step = steps.get(index);
            String label = "step " + index + ": " + step.subscribers() + " subs" + (index == run.kneeStep() ? " (knee)" : "");
            series.add(new SvgChart.Series(label, exceedancePercent(step.delayHistogramMs())));
        }
        return SvgChart.line(new SvgChart.LineChart(
                "Delay tail, " + RunHeadline.label(run) + ": share of packets slower than x",
                "one-way delay x (ms)", "packets slower than x (%)", true, true, false, false, series));
    }

    /** Server CPU cores against forwarded packets per second, one line per run. */
    static String serverCores(List<ServerRun> runs) {
        return perRun(runs, "Server CPU against load", "server CPU (cores)", StepResult::serverCpuCores, false);
    }

    /** Server CPU microseconds per forwarded packet against load, one line per run. */
    static String serverCpuPerPacket(List<ServerRun> runs) {
        return perRun(runs, "Server CPU per forwarded packet against load", "server CPU per packet (µs)",
                StepResult::serverCpuUsPerPacket, false);
    }

    /** Delay p99 against load, one line per run; log y when the delays span a wide range. */
    static String delayP99(List<ServerRun> runs) {
        ToDoubleFunction<StepResult> p99 = s -> s.delayMs() == null ? Double.NaN : s.delayMs().p99();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (ServerRun run : runs) {
            for (StepResult step : ReportParts.steps(run)) {
                double value = p99.applyAsDouble(step);
                if (value > 0 && Double.isFinite(value)) {
                    min = Math.min(min, value);
                    max = Math.max(max, value);
                }
            }
        }
        return perRun(runs, "Delay p99 against load", "one-way delay p99 (ms)", p99, max > min * LOG_DELAY_SPREAD);
    }

    /** Packet loss against load, one line per run. */
    static String loss(List<ServerRun> runs) {
        return perRun(runs, "Packet loss against load", "loss (%)", s -> s.lossFraction() * 100.0, false);
    }

    /** Bars of server CPU per packet, Patchbay next to Janus, one pair per compared scenario and load. */
    static String comparisonBars(List<Comparison> comparisons) {
        List<String> categories = new ArrayList<>();
        List<Double> patchbay = new ArrayList<>();
        List<Double> janus = new ArrayList<>();
        for (Comparison c : comparisons) {
            categories.add(c.scenario() + ", " + c.subscribers() + " subs, ratio " + Figures.fixed(c.cpuRatio(), 2));
            patchbay.add(c.patchbayCpuUsPerPacket());
            janus.add(c.janusCpuUsPerPacket());
        }
        return SvgChart.bars(new SvgChart.BarChart(
                "Server CPU per forwarded packet, Patchbay vs Janus (target: Patchbay <= "
                        + Figures.fixed(ComparisonTable.CPU_RATIO_TARGET, 2) + " x Janus)",
                "server CPU per packet (µs)", categories, List.of("Patchbay", "Janus"), List.of(patchbay, janus)));
    }

    private static String perRun(List<ServerRun> runs, String title, String yLabel,
                                 ToDoubleFunction<StepResult> y, boolean logY) {
        List<SvgChart.Series> series = new ArrayList<>();
        for (ServerRun run : runs) {
            List<SvgChart.Point> points = new ArrayList<>();
            for (StepResult step : ReportParts.steps(run)) {
                points.add(new SvgChart.Point(step.forwardedPps(), y.applyAsDouble(step)));
            }
            series.add(new SvgChart.Series(RunHeadline.label(run), points));
        }
        return SvgChart.line(new SvgChart.LineChart(
                title, "forwarded packets per second (pkt/s)", yLabel, false, logY, true, true, series));
    }

    /** All step indexes, or when there are many, evenly spaced ones plus the knee. */
    static List<Integer> stepsToDraw(int stepCount, int kneeStep) {
        TreeSet<Integer> chosen = new TreeSet<>();
        if (stepCount <= MAX_DELAY_LINES) {
            for (int i = 0; i < stepCount; i++) {
                chosen.add(i);
            }
        } else {
            int spaced = MAX_DELAY_LINES - 1;
            for (int i = 0; i < spaced; i++) {
                chosen.add((int) Math.round(i * (stepCount - 1) / (double) (spaced - 1)));
            }
            if (kneeStep >= 0 && kneeStep < stepCount) {
                chosen.add(kneeStep);
            }
        }
        return List.copyOf(chosen);
    }

    /** At each bucket's upper bound, the percentage of samples at or above it (the bucket after and overflow). */
    static List<SvgChart.Point> exceedancePercent(Histogram histogram) {
        List<SvgChart.Point> points = new ArrayList<>();
        if (histogram == null || histogram.upperBounds() == null || histogram.counts() == null) {
            return points;
        }
        int buckets = Math.min(histogram.upperBounds().size(), histogram.counts().size());
        long total = histogram.overflow();
        for (int i = 0; i < buckets; i++) {
            total += histogram.counts().get(i);
        }
        if (total <= 0) {
            return points;
        }
        long above = total;
        for (int i = 0; i < buckets; i++) {
            above -= histogram.counts().get(i);
            points.add(new SvgChart.Point(histogram.upperBounds().get(i), 100.0 * above / total));
        }
        return points;
    }
}
