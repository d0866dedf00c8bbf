package io.patchbay.load.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {

    @Test
    void linearAxisUsesRoundSteps() {
        assertEquals(List.of(0.0, 2.0, 4.0, 6.0, 8.0), Axis.linear(0, 7.3).ticks());
        assertEquals(List.of(0.0, 5000.0, 10000.0, 15000.0, 20000.0, 25000.0, 30000.0), Axis.linear(0, 29870).ticks());
        assertEquals(0.5, Axis.linear(0, 7.3).fraction(4), 1e-9);
    }

    @Test
    void logAxisCoversWholeDecades() {
        Axis wide = Axis.log(0.5, 612);
        assertEquals(List.of(0.1, 1.0, 10.0, 100.0, 1000.0), wide.ticks());
        assertEquals(0.5, wide.fraction(10), 1e-9);
        assertEquals(List.of(1.0, 2.0, 5.0, 10.0), Axis.log(1.5, 8).ticks());
    }

    @Test
    void exceedanceIsTheShareAtOrAboveEachBound() {
        Histogram histogram = new Histogram(List.of(1.0, 2.0, 3.0, 4.0), List.of(0L, 1L, 2L, 0L), 1);
        List<Double> percent = ReportPlots.exceedancePercent(histogram).stream().map(SvgChart.Point::y).toList();
        assertEquals(List.of(100.0, 75.0, 25.0, 25.0), percent);
    }

    @Test
    void manyStepsAreThinnedButKeepTheKnee() {
        List<Integer> drawn = ReportPlots.stepsToDraw(20, 13);
        assertTrue(drawn.size() <= 8);
        assertTrue(drawn.containsAll(List.of(0, 13, 19)));
        assertEquals(List.of(0, 1, 2), ReportPlots.stepsToDraw(3, -1));
    }

    @Test
    void chartWithoutPlaceablePointsSaysSo() {
        String svg = SvgChart.line(new SvgChart.LineChart("t", "x (ms)", "y (%)", true, false, false, true,
                List.of(new SvgChart.Series("s", List.of(new SvgChart.Point(0, 1), new SvgChart.Point(Double.NaN, 2))))));
        assertTrue(svg.contains(">no data</text>"));
        assertFalse(svg.contains("<polyline"));
    }

    @Test
    void labelsAreEscaped() {
        String svg = SvgChart.bars(new SvgChart.BarChart("<b>t</b>", "y & z", List.of("a<b"), List.of("\"g\""),
                List.of(List.of(1.5))));
        assertFalse(svg.contains("<b>"));
        assertTrue(svg.contains("&lt;b&gt;t&lt;/b&gt;"));
        assertTrue(svg.contains(">y &amp; z</text>"));
        assertTrue(svg.contains(">a&lt;b</text>"));
        assertTrue(svg.contains(">&quot;g&quot;</text>"));
        assertEquals(1, svg.split("<rect ", -1).length - 2, "one bar plus one legend square");
    }
}
