package io.patchbay.load.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Inline SVG line and bar charts for the HTML report: a title, axes with ticks and grid lines, axis labels (with
 * units), and a legend to the right of the plot. No scripts, no external fonts; all text is escaped. Points that
 * cannot be placed (NaN, or not positive on a log axis) are left out. Styling comes from the page's CSS classes
 * ({@code chart-*}), colours are inline so that a chart copied on its own keeps them.
 */
final class SvgChart {

    /** One point of a line. */
    record Point(double x, double y) {
    }

    /** One line: its legend label and its points, in drawing order. */
    record Series(String label, List<Point> points) {
    }

    /**
     * A line chart.
     *
     * @param fromZero start linear axes at zero rather than at the smallest value
     * @param markers  draw a dot at each point (for a few measured points, not for a dense curve)
     */
    record LineChart(String title, String xLabel, String yLabel, boolean logX, boolean logY, boolean fromZero,
                     boolean markers, List<Series> series) {
    }

    /**
     * A grouped bar chart: for each category one bar per group, side by side.
     *
     * @param categories    label under each group of bars
     * @param groups        legend label of each bar in a category (e.g. "Patchbay", "Janus")
     * @param values        values.get(g).get(c): the bar of group g in category c
     */
    record BarChart(String title, String yLabel, List<String> categories, List<String> groups,
                    List<List<Double>> values) {
    }

    /** Okabe-Ito colours, distinguishable with the common colour-vision deficiencies. */
    private static final String[] COLOURS = {
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"};
    private static final String[] DASHES = {"", "6 3", "2 3", "8 3 2 3"};

    private static final int WIDTH = 800;
    private static final int HEIGHT = 360;
    private static final int LEFT = 64;
    private static final int RIGHT = WIDTH - 220;
    private static final int TOP = 36;
    private static final int BOTTOM = HEIGHT - 52;

    private SvgChart() {
    }

    static String line(LineChart chart) {
        List<Point> placed = new ArrayList<>();
        for (Series series : chart.series()) {
            for (Point p : series.points()) {
                if (Axis.placeable(chart.logX(), p.x()) && Axis.placeable(chart.logY(), p.y())) {
                    placed.add(p);
                }
            }
        }
        StringBuilder svg = open(chart.title());
        if (placed.isEmpty()) {
            return noData(svg);
        }
        Axis x = axis(chart.logX(), chart.fromZero(), placed.stream().mapToDouble(Point::x).toArray());
        Axis y = axis(chart.logY(), chart.fromZero(), placed.stream().mapToDouble(Point::y).toArray());
        axes(svg, x, y, chart.xLabel(), chart.yLabel());

        List<String> labels = new ArrayList<>();
        for (int s = 0; s < chart.series().size(); s++) {
            Series series = chart.series().get(s);
            labels.add(series.label());
            StringBuilder path = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (Point p : series.points()) {
                if (!Axis.placeable(x.isLog(), p.x()) || !Axis.placeable(y.isLog(), p.y())) {
                    continue;
                }
                String px = num(LEFT + x.fraction(p.x()) * (RIGHT - LEFT));
                String py = num(BOTTOM - y.fraction(p.y()) * (BOTTOM - TOP));
                path.append(path.length() == 0 ? "" : " ").append(px).append(',').append(py);
                if (chart.markers()) {
                    dots.append("<circle cx=\"").append(px).append("\" cy=\"").append(py)
                            .append("\" r=\"3\" fill=\"").append(colour(s)).append("\"/>");
                }
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour(s)).append('"')
                    .append(dashAttribute(s)).append(" points=\"").append(path).append("\"/>")
                    .append(dots).append('\n');
        }
        legend(svg, labels, true);
        return close(svg);
    }

    static String bars(BarChart chart) {
        StringBuilder svg = open(chart.title());
        List<Double> all = chart.values().stream().flatMap(List::stream)
                .filter(v -> v != null && Double.isFinite(v)).toList();
        if (chart.categories().isEmpty() || all.isEmpty()) {
            return noData(svg);
        }
        Axis y = axis(false, true, all.stream().mapToDouble(Double::doubleValue).toArray());
        axes(svg, null, y, null, chart.yLabel());

        double slot = (RIGHT - LEFT) / (double) chart.categories().size();
        double barWidth = Math.min(48, slot * 0.8 / Math.max(1, chart.groups().size()));
        for (int c = 0; c < chart.categories().size(); c++) {
            double groupStart = LEFT + c * slot + (slot - barWidth * chart.groups().size()) / 2;
            for (int g = 0; g < chart.groups().size(); g++) {
                Double value = c < chart.values().get(g).size() ? chart.values().get(g).get(c) : null;
                if (value == null || !Double.isFinite(value)) {
                    continue;
                }
                double top = BOTTOM - y.fraction(value) * (BOTTOM - TOP);
                double left = groupStart + g * barWidth;
                svg.append("<rect x=\"").append(num(left)).append("\" y=\"").append(num(top))
                        .append("\" width=\"").append(num(barWidth - 2)).append("\" height=\"")
                        .append(num(BOTTOM - top)).append("\" fill=\"").append(colour(g)).append("\"/>");
                text(svg, left + barWidth / 2 - 1, top - 4, "middle", "chart-value", Figures.compact(value));
            }
            text(svg, LEFT + (c + 0.5) * slot, BOTTOM + 18, "middle", "chart-tick", chart.categories().get(c));
        }
        legend(svg, chart.groups(), false);
        return close(svg);
    }

    /** An axis over the values; a linear one from zero if asked and all values are positive. */
    private static Axis axis(boolean log, boolean fromZero, double[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (log) {
            return Axis.log(lo, hi);
        }
        return Axis.linear(fromZero && lo > 0 ? 0 : lo, hi);
    }

    private static StringBuilder open(String title) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">\n");
        svg.append("<title>").append(Html.escape(title)).append("</title>\n");
        text(svg, LEFT, 20, "start", "chart-title", title);
        return svg;
    }

    private static String noData(StringBuilder svg) {
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(RIGHT - LEFT)
                .append("\" height=\"").append(BOTTOM - TOP).append("\" fill=\"none\" stroke=\"#999\"/>\n");
        text(svg, (LEFT + RIGHT) / 2.0, (TOP + BOTTOM) / 2.0, "middle", "chart-label", "no data");
        return close(svg);
    }

    private static String close(StringBuilder svg) {
        return svg.append("</svg>\n").toString();
    }

    /** Frame, grid lines, tick labels and axis labels; {@code x} null for a bar chart (categories instead). */
    private static void axes(StringBuilder svg, Axis x, Axis y, String xLabel, String yLabel) {
        for (double tick : y.ticks()) {
            double py = BOTTOM - y.fraction(tick) * (BOTTOM - TOP);
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(RIGHT).append("\" y1=\"").append(num(py))
                    .append("\" y2=\"").append(num(py)).append("\" stroke=\"#ddd\"/>");
            text(svg, LEFT - 6, py + 4, "end", "chart-tick", tickLabel(y, tick));
        }
        if (x != null) {
            for (double tick : x.ticks()) {
                double px = LEFT + x.fraction(tick) * (RIGHT - LEFT);
                svg.append("<line x1=\"").append(num(px)).append("\" x2=\"").append(num(px)).append("\" y1=\"")
                        .append(TOP).append("\" y2=\"").append(BOTTOM).append("\" stroke=\"#eee\"/>");
                svg.append("<line x1=\"").append(num(px)).append("\" x2=\"").append(num(px)).append("\" y1=\"")
                        .append(BOTTOM).append("\" y2=\"").append(BOTTOM + 5).append("\" stroke=\"#333\"/>");
                text(svg, px, BOTTOM + 18, "middle", "chart-tick", tickLabel(x, tick));
            }
        }
        svg.append("<path d=\"M").append(LEFT).append(' ').append(TOP).append(" V").append(BOTTOM).append(" H")
                .append(RIGHT).append("\" fill=\"none\" stroke=\"#333\"/>\n");
        if (xLabel != null) {
            text(svg, (LEFT + RIGHT) / 2.0, HEIGHT - 10, "middle", "chart-label",
                    xLabel + (x != null && x.isLog() ? " (log scale)" : ""));
        }
        String yText = yLabel + (y.isLog() ? " (log scale)" : "");
        svg.append("<text class=\"chart-label\" text-anchor=\"middle\" transform=\"translate(16 ")
                .append(num((TOP + BOTTOM) / 2.0)).append(") rotate(-90)\">").append(Html.escape(yText))
                .append("</text>\n");
    }

    /** Legend to the right of the plot: a line (or a square for bars) in the series' colour, then its label. */
    private static void legend(StringBuilder svg, List<String> labels, boolean lines) {
        for (int i = 0; i < labels.size(); i++) {
            double y = TOP + 8 + i * 18;
            if (lines) {
                svg.append("<line x1=\"").append(RIGHT + 12).append("\" x2=\"").append(RIGHT + 36).append("\" y1=\"")
                        .append(num(y)).append("\" y2=\"").append(num(y)).append("\" stroke-width=\"2\" stroke=\"")
                        .append(colour(i)).append('"').append(dashAttribute(i)).append("/>");
            } else {
                svg.append("<rect x=\"").append(RIGHT + 18).append("\" y=\"").append(num(y - 6))
                        .append("\" width=\"12\" height=\"12\" fill=\"").append(colour(i)).append("\"/>");
            }
            text(svg, RIGHT + 42, y + 4, "start", "chart-legend", labels.get(i));
        }
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, String cssClass, String text) {
        svg.append("<text class=\"").append(cssClass).append("\" x=\"").append(num(x)).append("\" y=\"")
                .append(num(y)).append("\" text-anchor=\"").append(anchor).append("\">").append(Html.escape(text))
                .append("</text>\n");
    }

    /** "10k" style labels only on axes that reach 10 000, so that e.g. a delay axis reads 1000 ms, not 1k. */
    private static String tickLabel(Axis axis, double tick) {
        double largest = axis.ticks().stream().mapToDouble(Math::abs).max().orElse(0);
        return largest >= 10_000 ? Figures.compact(tick) : Figures.plain(tick);
    }

    private static String colour(int index) {
        return COLOURS[index % COLOURS.length];
    }

    /** Solid for the first round of colours, then dashed so that series sharing a colour stay apart. */
    private static String dashAttribute(int index) {
        String dash = DASHES[(index / COLOURS.length) % DASHES.length];
        return dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"";
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
