package io.policyrt.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python unit tests under {@code policy-export/python/tests/} (the DSAC-T update, the
 * trainer's checkpoint and resume, the exporter's refusals) so that the Maven build, and CI with
 * it, fails when one of them does.
 */
class PythonUnitTestsTest {
    /** Fewer tests than this means discovery silently missed a file. */
    private static final int AT_LEAST = 65;

    @Test
    void python_unit_tests_pass(@TempDir Path dir) throws Exception {
        PythonScripts.requireTorchAndOnnx(dir);
        PythonScripts.Result r = PythonScripts.run(dir, "unittest", List.of(PythonScripts.interpreter(), "-m", "unittest",
                "discover", "-v", "-s", "policy-export/python/tests", "-t", "policy-export/python"));
        System.out.println(r.stderr);
        assertThat(r.exitCode).as("python unit tests failed:%n%s", r.stderr).isZero();
        Matcher ran = Pattern.compile("Ran (\\d+) tests?").matcher(r.stderr);
        assertThat(ran.find()).as(r.stderr).isTrue();
        assertThat(Integer.parseInt(ran.group(1))).isGreaterThanOrEqualTo(AT_LEAST);
        assertThat(r.stderr).contains("\nOK").doesNotContain("skipped");
    }
}
