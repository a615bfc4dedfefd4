package io.drkit.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.time.Millisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** The index page's charts, drawn by JFreeChart into SVG that is inlined in the page. */
final class ReportCharts {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 260;
    /** The least span of the time axis: a first report, or a burst of them, still reads as a time of day. */
    private static final long LEAST_SPAN_MILLIS = 2 * 3600_000L;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ReportCharts() {}

    /** One colour per kind of run on every chart, so the legends agree. */
    private static Color colour(Report.Kind kind) {
        return switch (kind) {
            case VERIFY_OBJECTS -> new Color(0x1565c0);
            case VERIFY_RESTORE -> new Color(0x2e7d32);
            case RESTORE -> new Color(0x6a1b9a);
            case DRILL -> new Color(0xef6c00);
            case FAILOVER_DRILL -> new Color(0xad1457);
        };
    }

    /**
     * A chart of the value over time of the reports that have one, with the target as a red line that
     * follows each run's own target: a run held to 30 min stays under its 30 min line after the target
     * became 5 s, and one drawn above a target set later does not read as a miss.
     *
     * @param target a report's target, or null for a chart without one
     */
    static String overTime(String title, String axis, List<Report> reports, Function<Report, Double> value,
            Function<Report, Double> target) {
        TimeSeriesCollection data = new TimeSeriesCollection();
        List<Report.Kind> kinds = new ArrayList<>();
        for (Report.Kind kind : reports.stream().map(Report::kind).distinct().toList()) {
            TimeSeries series = new TimeSeries(kind.label());
            for (Report r : reports) {
                Double v = value.apply(r);
                if (v != null && r.kind() == kind) {
                    series.addOrUpdate(new Millisecond(Date.from(r.finished())), v);
                }
            }
            if (!series.isEmpty()) {
                data.addSeries(series);
                kinds.add(kind);
            }
        }
        double highestTarget = 0;
        if (target != null) {
            TimeSeries targets = targets(reports, value, target);
            if (!targets.isEmpty()) {
                data.addSeries(targets);
                highestTarget = targets.getMaxY();
            }
        }
        JFreeChart chart = ChartFactory.createTimeSeriesChart(title, null, axis, data, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(new Color(0xf6f7f9));
        plot.setRangeGridlinePaint(new Color(0xc8ccd2));
        plot.setDomainGridlinePaint(new Color(0xc8ccd2));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            if (i < kinds.size()) {
                renderer.setSeriesPaint(i, colour(kinds.get(i)));
            } else {
                renderer.setSeriesPaint(i, new Color(0xc62828));
                renderer.setSeriesStroke(i, new BasicStroke(1.5f));
                renderer.setSeriesShapesVisible(i, false);
            }
        }
        plot.setRenderer(renderer);
        // from zero and up to the highest target, so that the distance to the target reads at a glance
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        double upper = Math.max(range.getUpperBound(), highestTarget * 1.1);
        range.setRange(0, upper <= 0 ? 1 : upper);
        widenTimeAxis((DateAxis) plot.getDomainAxis());
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGElement();
    }

    /** Each charted run's own target, at its time: the line steps where the configured target changed. */
    static TimeSeries targets(List<Report> reports, Function<Report, Double> value, Function<Report, Double> target) {
        TimeSeries targets = new TimeSeries("target");
        for (Report r : reports) {
            Double t = value.apply(r) == null ? null : target.apply(r);
            if (t != null) {
                targets.addOrUpdate(new Millisecond(Date.from(r.finished())), t);
            }
        }
        return targets;
    }

    /** Reports minutes apart would otherwise stretch over the whole width with milliseconds as ticks. */
    private static void widenTimeAxis(DateAxis time) {
        long from = (long) time.getLowerBound();
        long to = (long) time.getUpperBound();
        if (to - from < LEAST_SPAN_MILLIS) {
            long middle = from + (to - from) / 2;
            time.setRange(new Date(middle - LEAST_SPAN_MILLIS / 2), new Date(middle + LEAST_SPAN_MILLIS / 2));
        }
    }
}
