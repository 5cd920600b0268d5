package io.policyrt.sim;

import io.policyrt.sim.expert.ExpertDataset;
import java.nio.file.Path;

public class DatasetProbe {
    public static void main(String[] args) throws Exception {
        System.out.println(ExpertDataset.record(Path.of(args[0]), Integer.parseInt(args[1]), 42, 2));
    }
}
