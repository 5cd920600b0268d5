package io.policyrt.launch.replay;

import io.policyrt.controller.domain.PathReference;
import io.policyrt.sim.run.EpisodeMetrics;
import java.util.Arrays;

/**
 * One side of a sim-to-real comparison, one sample per control tick: time, pose, the command that
 * left, the tracking errors and the obstacle clearance, scored by {@link EpisodeMetrics} (the
 * scoring {@code sim evaluate} uses) so that both sides are measured alike.
 */
final class DrivenTrack {
    private final PathReference path;
    private final EpisodeMetrics metrics;
    private int n;
    double[] timeS = new double[256];
    double[] xM = new double[256];
    double[] yM = new double[256];
    double[] vMps = new double[256];
    double[] wRadps = new double[256];
    double[] lateralM = new double[256];
    double[] headingRad = new double[256];
    double[] clearanceM = new double[256];
    /** When the path was completed [s]; NaN when it was not. */
    double finishS = Double.NaN;

    DrivenTrack(PathReference path, double goalToleranceM) {
        this.path = path;
        this.metrics = new EpisodeMetrics(goalToleranceM);
    }

    /** Adds one tick: pose [m, rad], the command [m/s, rad/s], the clearance to the obstacle [m] (+inf: none). */
    void add(double tS, double x, double y, double yaw, double v, double w, double clearance) {
        if (n == timeS.length) {
            int c = n * 2;
            timeS = Arrays.copyOf(timeS, c);
            xM = Arrays.copyOf(xM, c);
            yM = Arrays.copyOf(yM, c);
            vMps = Arrays.copyOf(vMps, c);
            wRadps = Arrays.copyOf(wRadps, c);
            lateralM = Arrays.copyOf(lateralM, c);
            headingRad = Arrays.copyOf(headingRad, c);
            clearanceM = Arrays.copyOf(clearanceM, c);
        }
        metrics.sample(path, tS, x, y, yaw, v, clearance);
        timeS[n] = tS;
        xM[n] = x;
        yM[n] = y;
        vMps[n] = v;
        wRadps[n] = w;
        lateralM[n] = metrics.lateralErrorM();
        headingRad[n] = metrics.headingErrorRad();
        clearanceM[n] = clearance;
        if (metrics.completed() && Double.isNaN(finishS)) {
            finishS = tS;
        }
        n++;
    }

    int count() { return n; }
    EpisodeMetrics metrics() { return metrics; }
    double[] column(double[] c) { return Arrays.copyOf(c, n); }

    /** Mean of |values| over the samples. */
    double meanAbs(double[] c) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.abs(c[i]);
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** Mean |change| of a command between consecutive ticks: how much it chatters. */
    double chatter(double[] c) {
        double s = 0;
        for (int i = 1; i < n; i++) {
            s += Math.abs(c[i] - c[i - 1]);
        }
        return n < 2 ? Double.NaN : s / (n - 1);
    }

    /** Index of the sample nearest in time to {@code tS} (samples are in time order). */
    int nearest(double tS) {
        int i = Arrays.binarySearch(timeS, 0, n, tS);
        if (i >= 0) {
            return i;
        }
        int hi = -i - 1;
        if (hi == 0) {
            return 0;
        }
        if (hi >= n) {
            return n - 1;
        }
        return tS - timeS[hi - 1] <= timeS[hi] - tS ? hi - 1 : hi;
    }

    /** Position at {@code tS}, linear between samples and held beyond them: {x, y}. */
    double[] positionAt(double tS) {
        int i = Arrays.binarySearch(timeS, 0, n, tS);
        if (i >= 0) {
            return new double[] {xM[i], yM[i]};
        }
        int hi = -i - 1;
        if (hi == 0) {
            return new double[] {xM[0], yM[0]};
        }
        if (hi >= n) {
            return new double[] {xM[n - 1], yM[n - 1]};
        }
        double f = (tS - timeS[hi - 1]) / (timeS[hi] - timeS[hi - 1]);
        return new double[] {xM[hi - 1] + f * (xM[hi] - xM[hi - 1]), yM[hi - 1] + f * (yM[hi] - yM[hi - 1])};
    }
}
