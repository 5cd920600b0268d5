package io.policyrt.sim.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Python mirror's own unit tests (policyrt_sim/tests) in the Maven test phase. */
class PythonMirrorTest {
    @TempDir
    Path tmp;

    @Test
    void python_mirror_unit_tests_pass() throws Exception {
        PolicyrtSimPython.Result result = PolicyrtSimPython.module(tmp, "unittest",
                List.of("policyrt_sim.tests.test_env", "policyrt_sim.tests.test_randomization",
                        "policyrt_sim.tests.test_evaluate"));
        assertThat(result.exitCode()).as("python3 -m unittest policyrt_sim.tests\n" + result.stderr()).isZero();
        assertThat(result.stderr()).contains("OK");
    }
}
