package io.policyrt.launch.plot;

import io.policyrt.controller.domain.PathReference;
import io.policyrt.sim.run.TrajectoryRecorder;
import io.policyrt.sim.scenario.ObstacleMotion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes the PNG plots: the demo's trajectory over the path and latency percentile curves, and series over time. */
public final class Plots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /** Path, robot trajectory, obstacle track and its final footprint, to {@code out} (PNG). */
    public static void trajectory(Path out, String title, PathReference path, TrajectoryRecorder trajectory,
                                  ObstacleMotion obstacle, double endTimeS) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(700).title(title).xAxisTitle("x [m]").yAxisTitle("y [m]").build();
        chart.getStyler().setMarkerSize(4);
        double[] px = new double[path.count()];
        double[] py = new double[path.count()];
        for (int i = 0; i < px.length; i++) {
            px[i] = path.xM(i);
            py[i] = path.yM(i);
        }
        line(chart, "reference path", px, py);
        if (trajectory.count() > 1) {
            line(chart, "robot", trajectory.robotX(), trajectory.robotY());
        }
        if (obstacle != null && trajectory.count() > 1) {
            line(chart, "obstacle track", trajectory.obstacleX(), trajectory.obstacleY());
            double[] cx = new double[73];
            double[] cy = new double[73];
            double ox = obstacle.xAt(endTimeS);
            double oy = obstacle.yAt(endTimeS);
            for (int i = 0; i < cx.length; i++) {
                double a = 2 * Math.PI * i / (cx.length - 1);
                cx[i] = ox + obstacle.radiusM() * Math.cos(a);
                cy[i] = oy + obstacle.radiusM() * Math.sin(a);
            }
            line(chart, "obstacle at end", cx, cy);
        }
        BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Latency by percentile (HdrHistogram style) for each named histogram [us], to {@code out} (PNG). */
    public static void latency(Path out, String title, List<String> names, List<Histogram> histograms) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title)
                .xAxisTitle("percentile (1 / (1 - p), log)").yAxisTitle("latency [us]").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(0);
        for (int k = 0; k < names.size(); k++) {
            Histogram h = histograms.get(k);
            if (h.getTotalCount() == 0) {
                continue;
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (HistogramIterationValue v : h.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo() / 100.0;
                if (p >= 0.99999) {
                    break;
                }
                xs.add(1.0 / (1.0 - p));
                ys.add(Math.max(v.getValueIteratedTo() / 1000.0, 0.1));
            }
            if (xs.size() > 1) {
                XYSeries s = chart.addSeries(names.get(k), xs, ys);
                s.setMarker(SeriesMarkers.NONE);
            }
        }
        BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** One panel of {@link #timeSeries}: its y axis title and its named series, as lines or as points (events). */
    public record Panel(String yTitle, List<String> names, List<double[]> ys, boolean points) {
        public Panel(String yTitle, List<String> names, List<double[]> ys) {
            this(yTitle, names, ys, false);
        }
    }

    /** Size of one panel of a stacked PNG ({@link #timeSeries}, {@link #histograms}) [px]. */
    private static final int PANEL_WIDTH = 1100;
    private static final int PANEL_HEIGHT = 420;

    /** The charts stacked top to bottom in one PNG at {@code out}. */
    private static void stacked(Path out, List<XYChart> charts) throws IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(PANEL_WIDTH, PANEL_HEIGHT * charts.size(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        for (int p = 0; p < charts.size(); p++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(p)), 0, p * PANEL_HEIGHT, null);
        }
        g.dispose();
        javax.imageio.ImageIO.write(image, "png", out.toFile());
    }

    /**
     * Panels of named series over a common x axis, stacked top to bottom in one PNG at {@code out};
     * the first carries the title. A NaN value leaves a gap in its line (no value at that x).
     */
    public static void timeSeries(Path out, String title, String xTitle, double[] x, List<Panel> panels) throws IOException {
        List<XYChart> charts = new java.util.ArrayList<>();
        for (int p = 0; p < panels.size(); p++) {
            Panel panel = panels.get(p);
            XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(p == 0 ? title : "").xAxisTitle(xTitle)
                    .yAxisTitle(panel.yTitle()).build();
            chart.getStyler().setMarkerSize(panel.points() ? 4 : 0);
            for (int k = 0; k < panel.names().size(); k++) {
                double[] y = panel.ys().get(k);
                boolean any = false;
                for (double v : y) {
                    any |= Double.isFinite(v);
                }
                if (x.length > 0 && any && panel.points()) {
                    XYSeries s = chart.addSeries(panel.names().get(k), x, y);
                    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    s.setMarker(SeriesMarkers.CIRCLE);
                } else if (x.length > 0 && any) {
                    line(chart, panel.names().get(k), x, y);
                }
            }
            charts.add(chart);
        }
        stacked(out, charts);
    }

    /** Named x-y lines in one plot (a path and the trajectories along it), to {@code out} (PNG); empty series are left out. */
    public static void lines(Path out, String title, String xTitle, String yTitle, List<String> names, List<double[]> xs,
                             List<double[]> ys) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(700).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setMarkerSize(0);
        for (int k = 0; k < names.size(); k++) {
            if (xs.get(k).length > 0) {
                line(chart, names.get(k), xs.get(k), ys.get(k));
            }
        }
        BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** One panel of {@link #histograms}: the quantity and its named samples. */
    public record Distribution(String xTitle, List<String> names, List<double[]> samples) {
    }

    /**
     * Each panel's samples as histograms over common bins (fraction of samples per bin), one line
     * per name, panels stacked top to bottom in one PNG at {@code out}. Non-finite samples are left out.
     */
    public static void histograms(Path out, String title, int bins, List<Distribution> panels) throws IOException {
        List<XYChart> charts = new java.util.ArrayList<>();
        for (int p = 0; p < panels.size(); p++) {
            Distribution d = panels.get(p);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] s : d.samples()) {
                for (double v : s) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (!(hi > lo)) {
                lo = Double.isFinite(lo) ? lo - 0.5 : -0.5;
                hi = lo + 1;
            }
            double width1 = (hi - lo) / bins;
            double[] centres = new double[bins];
            for (int b = 0; b < bins; b++) {
                centres[b] = lo + (b + 0.5) * width1;
            }
            XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(p == 0 ? title : "").xAxisTitle(d.xTitle())
                    .yAxisTitle("fraction of ticks").build();
            chart.getStyler().setMarkerSize(5);
            chart.getStyler().setXAxisDecimalPattern("0.00");
            for (int k = 0; k < d.names().size(); k++) {
                double[] counts = new double[bins];
                int n = 0;
                for (double v : d.samples().get(k)) {
                    if (Double.isFinite(v)) {
                        counts[Math.min(bins - 1, (int) ((v - lo) / width1))]++;
                        n++;
                    }
                }
                if (n > 0) {
                    for (int b = 0; b < bins; b++) {
                        counts[b] /= n;
                    }
                    chart.addSeries(d.names().get(k), centres, counts);
                }
            }
            charts.add(chart);
        }
        stacked(out, charts);
    }

    private static void line(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
    }
}
