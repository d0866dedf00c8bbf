package io.patchbay.load.sfu;

import io.patchbay.load.report.Percentiles;

/**
 * The delay a server says it added to what it forwarded: its cumulative histogram at one instant (Patchbay's
 * {@code patchbay_media_forward_delay_seconds}). Two readings give the distribution of the window between them,
 * free of the generator's own receive queueing, which the sinks' one-way delay includes.
 *
 * @param boundsSeconds upper bounds of the buckets, the last +Inf
 * @param cumulative    datagrams at or below each bound
 */
public record ServerDelay(double[] boundsSeconds, long[] cumulative) {
    /**
     * Percentiles (ms) of the datagrams counted between {@code before} and this reading, each the upper bound of the
     * bucket where the rank falls (so "at most"); max is the highest non-empty bucket's bound. EMPTY when none or the
     * buckets differ.
     */
    public Percentiles since(ServerDelay before) {
        if (before == null || before.cumulative.length != cumulative.length) return Percentiles.EMPTY;
        int n = cumulative.length;
        long[] delta = new long[n];
        for (int i = 0; i < n; i++) delta[i] = cumulative[i] - before.cumulative[i];
        long total = delta[n - 1];
        if (total <= 0) return Percentiles.EMPTY;
        double max = Double.NaN;
        for (int i = 0; i < n; i++) {
            if (delta[i] > (i == 0 ? 0 : delta[i - 1])) max = boundsSeconds[i] * 1000;
        }
        return new Percentiles(total, rank(delta, total, 0.5), rank(delta, total, 0.9), rank(delta, total, 0.99), max);
    }

    private double rank(long[] delta, long total, double q) {
        long needed = (long) Math.ceil(q * total);
        for (int i = 0; i < delta.length; i++) {
            if (delta[i] >= needed) return boundsSeconds[i] * 1000;
        }
        return Double.POSITIVE_INFINITY;
    }

    /** The histogram {@code name} from a Prometheus text scrape, or null when it is not there. */
    public static ServerDelay parse(String scrape, String name) {
        java.util.List<double[]> points = new java.util.ArrayList<>();
        String prefix = name + "_bucket{le=\"";
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(prefix)) continue;
            int close = line.indexOf('"', prefix.length());
            int space = line.lastIndexOf(' ');
            if (close < 0 || space < close) continue;
            String le = line.substring(prefix.length(), close);
            try {
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                points.add(new double[] {bound, Double.parseDouble(line.substring(space + 1).trim())});
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (points.isEmpty()) return null;
        points.sort(java.util.Comparator.comparingDouble(p -> p[0]));
        double[] bounds = new double[points.size()];
        long[] counts = new long[points.size()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = points.get(i)[0];
            counts[i] = (long) points.get(i)[1];
        }
        return new ServerDelay(bounds, counts);
    }
}
