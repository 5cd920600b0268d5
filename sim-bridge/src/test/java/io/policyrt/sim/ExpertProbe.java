package io.policyrt.sim;

import io.policyrt.sim.expert.PurePursuitPolicy;
import io.policyrt.sim.run.EpisodeMetrics;
import io.policyrt.sim.run.LockStepRunner;
import io.policyrt.sim.run.TickObserver;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;

public class ExpertProbe {
    public static void main(String[] args) {
        LockStepRunner runner = LockStepRunner.defaults();
        for (ReferencePaths.Shape shape : ReferencePaths.Shape.values()) {
            for (Scenario.Encounter enc : Scenario.Encounter.values()) {
                int ok = 0, col = 0, n = Integer.parseInt(args[0]);
                double lat = 0, minc = 1e9;
                for (int seed = 0; seed < n; seed++) {
                    Scenario sc = Scenario.standard(shape, enc, seed);
                    EpisodeMetrics m = runner.run(sc, new PurePursuitPolicy(), seed, TickObserver.NONE);
                    if (m.success()) ok++;
                    if (m.collided()) { col++; if (args.length > 1) System.out.println("  collide " + sc.name() + " " + m); }
                    lat += m.lateralRmseM();
                    minc = Math.min(minc, m.minClearanceM());
                    if (!m.completed() && !m.collided() && args.length > 1) System.out.println("  incomplete " + sc.name() + " " + m);
                }
                System.out.printf("%s %s success %d/%d collisions %d meanLatRMSE %.3f minClear %.3f%n", shape, enc, ok, n, col, lat / n, minc);
            }
        }
    }
}
