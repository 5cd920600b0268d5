package io.policyrt.sim;

import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.sim.expert.PurePursuitPolicy;
import io.policyrt.sim.run.LockStepRunner;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import java.nio.file.Path;

public class CompareProbe {
    public static void main(String[] args) {
        var policy = PolicyLoader.load(Path.of(args[0]), FeatureRegistry.tracking().names());
        var expert = new PurePursuitPolicy();
        Scenario sc = Scenario.standard(ReferencePaths.Shape.parse(args[1]), Scenario.Encounter.valueOf(args[2]), Long.parseLong(args[3]));
        float[] raw = new float[13]; float[] ea = new float[2];
        var m = LockStepRunner.defaults().run(sc, policy, 0, (sim, tick) -> {
            if (sim.clearanceM() > 1.2 || Math.round(sim.timeS() * 50) % 5 != 0) return;
            for (int i = 0; i < 13; i++) raw[i] = (float) tick.observationBuilder().raw(i);
            expert.act(raw, ea);
            float[] a = tick.lastAction();
            System.out.printf("t=%.2f clr=%.2f ox=%.2f oy=%.2f ovx=%.2f ovy=%.2f | bc=%.2f %.2f expert=%.2f %.2f | obsn=%.2f %.2f %.2f%n", sim.timeS(), sim.clearanceM(), raw[8], raw[9], raw[10], raw[11], a[0], a[1], ea[0], ea[1], tick.lastObservation()[8], tick.lastObservation()[9], tick.lastObservation()[12]);
        });
        System.out.println(m);
    }
}
