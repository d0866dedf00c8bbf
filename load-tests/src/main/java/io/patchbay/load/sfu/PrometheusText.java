package io.patchbay.load.sfu;

/** Sums of samples in Prometheus text exposition format (a metric name, optional labels, a value per line). */
final class PrometheusText {
    private PrometheusText() {
    }

    /**
     * Sum of the values of every sample named {@code name} whose labels contain all of {@code labelFilters}
     * (e.g. {@code area="heap"}); NaN when there is none.
     */
    static double sum(String text, String name, String... labelFilters) {
        double total = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) continue;
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) continue;
            String metric = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            if (!metric.equals(name)) continue;
            String labels = brace >= 0 && brace < space ? line.substring(brace, line.indexOf('}', brace) + 1) : "";
            boolean match = true;
            for (String f : labelFilters) {
                if (!labels.contains(f)) {
                    match = false;
                    break;
                }
            }
            if (!match) continue;
            try {
                total += Double.parseDouble(line.substring(space + 1).trim());
                found = true;
            } catch (NumberFormatException ignored) {
                // A sample we cannot read is left out.
            }
        }
        return found ? total : Double.NaN;
    }

    /** Largest value of the samples named {@code name}; NaN when there is none. */
    static double max(String text, String name) {
        double max = Double.NaN;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) continue;
            int space = line.lastIndexOf(' ');
            String metric = line.substring(0, line.indexOf('{') > 0 ? line.indexOf('{') : space);
            if (!metric.equals(name)) continue;
            try {
                double v = Double.parseDouble(line.substring(space + 1).trim());
                max = Double.isNaN(max) ? v : Math.max(max, v);
            } catch (NumberFormatException ignored) {
                // Left out.
            }
        }
        return max;
    }
}
