package io.policyrt.controller.policy;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the runtime needs to know about a policy beyond its graph: observation features and their
 * normalization, action names and physical bounds, control period, task, and provenance.
 *
 * <p>Normalized observation feature i = clip((raw_i - shift_i) * scale_i, -clip_i, +clip_i).
 * When {@link #actionNormalized()} is true the graph's action j lies in [-1, 1] and maps linearly
 * to [low_j, high_j]; otherwise the graph's output is already physical and is clamped to it.
 */
public final class PolicySpec {
    private final int specVersion;
    private final String task;
    private final List<String> featureNames;
    private final float[] shift;
    private final float[] scale;
    private final float[] clip;
    private final List<String> actionNames;
    private final double[] actionLow;
    private final double[] actionHigh;
    private final boolean actionNormalized;
    private final long controlPeriodNanos;
    private final double robotRadiusM;
    private final double lookaheadM;
    private final Map<String, String> provenance;
    private final String source;

    PolicySpec(int specVersion, String task, List<String> featureNames, float[] shift, float[] scale, float[] clip,
               List<String> actionNames, double[] actionLow, double[] actionHigh, boolean actionNormalized,
               long controlPeriodNanos, double robotRadiusM, double lookaheadM, Map<String, String> provenance, String source) {
        this.specVersion = specVersion;
        this.task = task;
        this.featureNames = List.copyOf(featureNames);
        this.shift = shift.clone();
        this.scale = scale.clone();
        this.clip = clip.clone();
        this.actionNames = List.copyOf(actionNames);
        this.actionLow = actionLow.clone();
        this.actionHigh = actionHigh.clone();
        this.actionNormalized = actionNormalized;
        this.controlPeriodNanos = controlPeriodNanos;
        this.robotRadiusM = robotRadiusM;
        this.lookaheadM = lookaheadM;
        this.provenance = Collections.unmodifiableMap(new TreeMap<>(provenance));
        this.source = source;
    }

    public int specVersion() { return specVersion; }
    public String task() { return task; }
    public List<String> featureNames() { return featureNames; }
    public int observationSize() { return featureNames.size(); }
    public float shift(int i) { return shift[i]; }
    public float scale(int i) { return scale[i]; }
    public float clip(int i) { return clip[i]; }
    public List<String> actionNames() { return actionNames; }
    public int actionSize() { return actionNames.size(); }
    public double actionLow(int j) { return actionLow[j]; }
    public double actionHigh(int j) { return actionHigh[j]; }
    public boolean actionNormalized() { return actionNormalized; }
    /** Control period the policy was trained for [ns]. */
    public long controlPeriodNanos() { return controlPeriodNanos; }
    /** Radius of the robot the policy was trained for [m], used by clearance features. */
    public double robotRadiusM() { return robotRadiusM; }
    /** Look-ahead distance along the path of the lookahead_* features [m]. */
    public double lookaheadM() { return lookaheadM; }
    /** Provenance entries (algorithm, training_steps, exporter_revision, weights_sha256, ...). */
    public Map<String, String> provenance() { return provenance; }
    /** Where the spec came from (file and whether metadata or sidecar), for messages. */
    public String source() { return source; }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("task:             ").append(task).append('\n');
        sb.append("spec source:      ").append(source).append('\n');
        sb.append("control period:   ").append(controlPeriodNanos / 1e6).append(" ms\n");
        sb.append("robot radius:     ").append(robotRadiusM).append(" m\n");
        sb.append("look-ahead:       ").append(lookaheadM).append(" m\n");
        sb.append("observation (").append(featureNames.size()).append("):\n");
        for (int i = 0; i < featureNames.size(); i++) {
            sb.append(String.format("  %2d %-24s shift %9.4f  scale %9.4f  clip %6.2f%n",
                    i, featureNames.get(i), shift[i], scale[i], clip[i]));
        }
        sb.append("action (").append(actionNames.size()).append(actionNormalized ? ", graph output in [-1, 1]" : ", graph output physical").append("):\n");
        for (int j = 0; j < actionNames.size(); j++) {
            sb.append(String.format("  %2d %-24s [%.4f, %.4f]%n", j, actionNames.get(j), actionLow[j], actionHigh[j]));
        }
        sb.append("provenance:\n");
        provenance.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    float[] shiftArray() { return shift.clone(); }
    float[] scaleArray() { return scale.clone(); }
    float[] clipArray() { return clip.clone(); }
    double[] lowArray() { return actionLow.clone(); }
    double[] highArray() { return actionHigh.clone(); }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PolicySpec)) {
            return false;
        }
        PolicySpec s = (PolicySpec) o;
        return specVersion == s.specVersion && task.equals(s.task) && featureNames.equals(s.featureNames)
                && Arrays.equals(shift, s.shift) && Arrays.equals(scale, s.scale) && Arrays.equals(clip, s.clip)
                && actionNames.equals(s.actionNames) && Arrays.equals(actionLow, s.actionLow)
                && Arrays.equals(actionHigh, s.actionHigh) && actionNormalized == s.actionNormalized
                && controlPeriodNanos == s.controlPeriodNanos && robotRadiusM == s.robotRadiusM && lookaheadM == s.lookaheadM
                && provenance.equals(s.provenance);
    }

    @Override
    public int hashCode() {
        return task.hashCode() * 31 + featureNames.hashCode();
    }
}
