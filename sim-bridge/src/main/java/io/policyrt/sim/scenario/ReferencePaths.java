package io.policyrt.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reference paths as dense polylines (points every {@link #SPACING_M}): straight line, sine,
 * figure-eight, and a waypoint list. Each starts at the origin.
 */
public final class ReferencePaths {
    /** Distance between consecutive path points [m]. */
    public static final double SPACING_M = 0.05;

    /** The named shapes a scenario can use. */
    public enum Shape {
        STRAIGHT, SINE, FIGURE_EIGHT;

        public static Shape parse(String name) {
            for (Shape s : values()) {
                if (s.cliName().equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown path '" + name + "' (allowed: straight, sine, figure-eight)");
        }

        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A path as parallel coordinate arrays. */
    public record Polyline(double[] xM, double[] yM) {
        public int count() {
            return xM.length;
        }
    }

    private ReferencePaths() {
    }

    public static Polyline of(Shape shape) {
        switch (shape) {
            case STRAIGHT: return straight(12.0);
            case SINE: return sine(14.0, 0.8, 7.0);
            case FIGURE_EIGHT: return figureEight(3.0);
            default: throw new IllegalArgumentException(shape.toString());
        }
    }

    /** Straight line along +x. */
    public static Polyline straight(double lengthM) {
        return waypoints(new double[] {0, lengthM}, new double[] {0, 0});
    }

    /** y = amplitude * sin(2 pi x / wavelength) for x in [0, length]. */
    public static Polyline sine(double lengthM, double amplitudeM, double wavelengthM) {
        int fine = (int) Math.ceil(lengthM / 0.005);
        double[] xs = new double[fine + 1];
        double[] ys = new double[fine + 1];
        for (int i = 0; i <= fine; i++) {
            xs[i] = lengthM * i / fine;
            ys[i] = amplitudeM * Math.sin(2 * Math.PI * xs[i] / wavelengthM);
        }
        return resample(xs, ys);
    }

    /**
     * Lemniscate of Gerono, one lap: x = a sin t, y = (a / 2) sin 2t for t in [0, 2 pi], starting
     * at the crossing heading north-east; lobes of curvature radius a at their tips.
     */
    public static Polyline figureEight(double halfWidthM) {
        int fine = 20_000;
        double[] xs = new double[fine + 1];
        double[] ys = new double[fine + 1];
        for (int i = 0; i <= fine; i++) {
            double t = 2 * Math.PI * i / fine;
            xs[i] = halfWidthM * Math.sin(t);
            ys[i] = halfWidthM / 2 * Math.sin(2 * t);
        }
        return resample(xs, ys);
    }

    /** Straight segments through the given waypoints. */
    public static Polyline waypoints(double[] xs, double[] ys) {
        if (xs.length != ys.length || xs.length < 2) {
            throw new IllegalArgumentException("a waypoint path needs at least 2 points with x and y each");
        }
        return resample(xs, ys);
    }

    /** Resamples a polyline to points every SPACING_M along its length (keeps the end point). */
    static Polyline resample(double[] xs, double[] ys) {
        List<double[]> out = new ArrayList<>();
        out.add(new double[] {xs[0], ys[0]});
        double carry = 0; // arc length since the last emitted point
        for (int i = 1; i < xs.length; i++) {
            double dx = xs[i] - xs[i - 1];
            double dy = ys[i] - ys[i - 1];
            double len = Math.hypot(dx, dy);
            double pos = SPACING_M - carry;
            while (pos <= len) {
                out.add(new double[] {xs[i - 1] + dx * pos / len, ys[i - 1] + dy * pos / len});
                pos += SPACING_M;
            }
            carry = len - (pos - SPACING_M);
        }
        double[] last = out.get(out.size() - 1);
        if (Math.hypot(last[0] - xs[xs.length - 1], last[1] - ys[ys.length - 1]) > 1e-9) {
            out.add(new double[] {xs[xs.length - 1], ys[ys.length - 1]});
        }
        double[] rx = new double[out.size()];
        double[] ry = new double[out.size()];
        for (int i = 0; i < rx.length; i++) {
            rx[i] = out.get(i)[0];
            ry[i] = out.get(i)[1];
        }
        return new Polyline(rx, ry);
    }
}
