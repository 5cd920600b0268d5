package io.policyrt.sim;

import io.policyrt.sim.expert.PurePursuitPolicy;
import io.policyrt.sim.run.LockStepRunner;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;

public class TraceProbe {
    public static void main(String[] args) {
        Scenario sc = Scenario.standard(ReferencePaths.Shape.parse(args[0]), Scenario.Encounter.valueOf(args[1]), Long.parseLong(args[2]));
        System.out.println(sc.obstacle());
        var m = LockStepRunner.defaults().run(sc, new PurePursuitPolicy(), 0, (sim, tick) -> {
            if (Math.round(sim.timeS() * 50) % 5 != 0) return;
            float[] o = tick.lastObservation(); float[] a = tick.lastAction();
            System.out.printf("t=%.2f x=%.2f y=%.2f v=%.2f clr=%.2f | obs ox=%.2f oy=%.2f ovx=%.2f ovy=%.2f | a=%.2f %.2f %s%n", sim.timeS(), sim.robot().xM(), sim.robot().yM(), sim.robot().bodyVMps(), sim.clearanceM(), o[8], o[9], o[10], o[11], a[0], a[1], tick.lastReason());
        });
        System.out.println(m);
    }
}
