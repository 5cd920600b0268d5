package io.policyrt.launch.plot;

import com.fasterxml.jackson.databind.JsonNode;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.telemetry.LatencyHistogram;
import io.policyrt.launch.replay.RecordedObstacle;
import io.policyrt.launch.replay.RecordedPath;
import io.policyrt.launch.replay.RecordedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The plots of a recorded run, from the file alone: the trajectory over the recorded path and the
 * obstacle's track, the loop's latency by percentile, and the commands and stop reasons over time.
 */
public final class RecordingPlots {
    private RecordingPlots() {
    }

    /**
     * Writes {@code <stem>-trajectory.png}, {@code <stem>-latency.png} and {@code <stem>-commands.png} into {@code out}.
     *
     * @return the files written
     */
    public static List<Path> write(RecordedRun run, Path out, String stem) throws IOException {
        Files.createDirectories(out);
        List<JsonNode> ticks = run.ticks();
        int n = ticks.size();
        double[] t = new double[n];
        double[] robotX = new double[n];
        double[] robotY = new double[n];
        double[] v = new double[n];
        double[] w = new double[n];
        double[] odomV = new double[n];
        double[] odomW = new double[n];
        StopReason[] reasons = new StopReason[n];
        List<double[]> obstacle = new ArrayList<>();
        Histogram tick = new Histogram(1, LatencyHistogram.HIGHEST_NANOS, 3);
        Histogram infer = new Histogram(1, LatencyHistogram.HIGHEST_NANOS, 3);
        Histogram inputAge = new Histogram(1, LatencyHistogram.HIGHEST_NANOS, 3);
        long t0 = ticks.get(0).path("controller_ns").asLong();
        int poses = 0;
        for (int i = 0; i < n; i++) {
            JsonNode k = ticks.get(i);
            t[i] = (k.path("controller_ns").asLong() - t0) * 1e-9;
            JsonNode o = k.path("odometry");
            odomV[i] = number(o, "v_mps");
            odomW[i] = number(o, "w_radps");
            if (o.isObject() && Double.isFinite(number(o, "x_m"))) {
                robotX[poses] = number(o, "x_m");
                robotY[poses] = number(o, "y_m");
                poses++;
            }
            JsonNode c = k.path("command");
            v[i] = number(c, "v_mps");
            w[i] = number(c, "w_radps");
            reasons[i] = reason(k.path("stop_reason").asText("NONE"));
            RecordedObstacle b = RecordedObstacle.of(k);
            if (b != null && b.present()) {
                obstacle.add(new double[] {b.xM(), b.yM()});
            }
            JsonNode timing = k.path("timing_us");
            record(tick, number(timing, "tick") * 1e3);
            record(infer, number(timing, "infer") * 1e3);
            // Input age as the loop measures it: the command's stamp minus the newest input stamp.
            long newest = Math.max(o.isObject() ? o.path("stamp_ns").asLong(Long.MIN_VALUE) : Long.MIN_VALUE,
                    k.path("obstacle").isObject() ? k.path("obstacle").path("stamp_ns").asLong(Long.MIN_VALUE) : Long.MIN_VALUE);
            if (o.isObject() && newest != Long.MIN_VALUE) {
                record(inputAge, c.path("stamp_ns").asLong() - newest);
            }
        }
        Path trajectory = out.resolve(stem + "-trajectory.png");
        Path latency = out.resolve(stem + "-latency.png");
        Path commands = out.resolve(stem + "-commands.png");

        List<String> names = new ArrayList<>();
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        int p = 0;
        for (RecordedPath path : run.paths().values()) {
            names.add(p == 0 ? "reference path" : "reference path " + (p + 1));
            xs.add(path.xM());
            ys.add(path.yM());
            p++;
        }
        names.add("robot (odometry)");
        xs.add(java.util.Arrays.copyOf(robotX, poses));
        ys.add(java.util.Arrays.copyOf(robotY, poses));
        names.add("obstacle track");
        xs.add(obstacle.stream().mapToDouble(a -> a[0]).toArray());
        ys.add(obstacle.stream().mapToDouble(a -> a[1]).toArray());
        Plots.lines(trajectory, "recorded run: " + run.file().getFileName() + (run.paths().isEmpty()
                ? " (no path channel: the path is not drawn)" : ""), "x [m]", "y [m]", names, xs, ys);

        Plots.latency(latency, "Control loop latency by percentile (recorded)", List.of("tick", "infer", "input age"),
                List.of(tick, infer, inputAge));

        // Stop reasons: one level per reason that occurred, a point at each tick that stopped for it.
        List<String> reasonNames = new ArrayList<>();
        List<double[]> reasonLevels = new ArrayList<>();
        for (StopReason r : StopReason.values()) {
            double[] level = new double[n];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                level[i] = reasons[i] == r ? reasonNames.size() : Double.NaN;
                any |= reasons[i] == r;
            }
            if (any) {
                reasonLevels.add(level);
                reasonNames.add(reasonNames.size() + ": " + r.name());
            }
        }
        Plots.timeSeries(commands, "commands and stop reasons: " + run.file().getFileName(), "time [s]", t, List.of(
                new Plots.Panel("v [m/s]", List.of("command", "odometry"), List.of(v, odomV)),
                new Plots.Panel("w [rad/s]", List.of("command", "odometry"), List.of(w, odomW)),
                new Plots.Panel("stop reason (level)", reasonNames, reasonLevels, true)));
        return List.of(trajectory, latency, commands);
    }

    private static StopReason reason(String name) {
        try {
            return StopReason.valueOf(name);
        } catch (IllegalArgumentException e) {
            return StopReason.NONE;
        }
    }

    private static void record(Histogram h, double nanos) {
        if (Double.isFinite(nanos)) {
            h.recordValue(Math.max(1, Math.min((long) nanos, LatencyHistogram.HIGHEST_NANOS)));
        }
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }
}
