package io.policyrt.launch.transport;

import io.policyrt.controller.time.NanoClock;
import java.nio.file.Path;

/**
 * What a transport is opened with beside its configuration section.
 *
 * @param clock        the receiver's clock, on the stamps' time base
 * @param baseDir      the configuration file's folder, against which relative paths resolve (null: the working directory)
 * @param where        the configuration's name, for errors
 * @param robotRadiusM the robot's footprint radius [m] (the policy's), for a simulated robot
 */
public record LinkSetup(NanoClock clock, Path baseDir, String where, double robotRadiusM) {
}
