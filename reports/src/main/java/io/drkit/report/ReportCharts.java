package io.drkit.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
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
    private static Color colour(String kind) {
        return switch (kind) {
            case "verify-objects" -> new Color(0x1565c0);
            case "verify-restore" -> new Color(0x2e7d32);
            case "restore" -> new Color(0x6a1b9a);
            case "drill" -> new Color(0xef6c00);
            default -> Color.DARK_GRAY;
        };
    }

    /** A chart of the value over time of the reports that have one, with the target as a red line. */
    static String overTime(String title, String axis, List<Report> reports, Function<Report, Double> value,
            Double target) {
        TimeSeriesCollection data = new TimeSeriesCollection();
        for (String kind : reports.stream().map(Report::kind).distinct().toList()) {
            TimeSeries series = new TimeSeries(kind);
            for (Report r : reports) {
                Double v = value.apply(r);
                if (v != null && r.kind().equals(kind)) {
                    series.addOrUpdate(new Millisecond(Date.from(r.finished())), v);
                }
            }
            if (!series.isEmpty()) {
                data.addSeries(series);
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
            renderer.setSeriesPaint(i, colour(String.valueOf(data.getSeriesKey(i))));
        }
        plot.setRenderer(renderer);
        // from zero and up to the target, so that the distance to the target reads at a glance
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        double upper = Math.max(range.getUpperBound(), target == null ? 0 : target * 1.1);
        range.setRange(0, upper <= 0 ? 1 : upper);
        widenTimeAxis((DateAxis) plot.getDomainAxis());
        if (target != null) {
            ValueMarker marker = new ValueMarker(target, new Color(0xc62828), new BasicStroke(1.5f));
            marker.setLabel("target");
            marker.setLabelPaint(new Color(0xc62828));
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            plot.addRangeMarker(marker);
        }
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGElement();
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
