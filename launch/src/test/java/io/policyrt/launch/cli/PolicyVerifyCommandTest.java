package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.policyrt.launch.testing.RepositoryRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code policyrt policy verify}: golden vectors through ONNX Runtime, on the shipped models and fixtures. */
class PolicyVerifyCommandTest {
    private static final Path MODELS = RepositoryRoot.path().resolve("controller/src/test/resources/models");

    /** valid.onnx and its golden file copied into {@code dir}; returns the copied model. */
    private static Path copyValid(Path dir) throws Exception {
        Files.copy(MODELS.resolve("valid.golden.json"), dir.resolve("valid.golden.json"));
        return Files.copy(MODELS.resolve("valid.onnx"), dir.resolve("valid.onnx"));
    }

    /** Adds {@code delta} to one expected action value in a golden file, as float32; returns the new value. */
    private static float nudgeGoldenAction(Path golden, int row, int column, float delta) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode doc = (ObjectNode) mapper.readTree(golden.toFile());
        ArrayNode values = (ArrayNode) doc.get("actions").get(row);
        float nudged = (float) values.get(column).asDouble() + delta;
        values.set(column, mapper.getNodeFactory().numberNode(nudged));
        mapper.writeValue(golden.toFile(), doc);
        return nudged;
    }

    @Test
    void shipped_policy_agrees_with_its_golden_vectors() {
        CommandLineRun r = CommandLineRun.of("policy", "verify",
                RepositoryRoot.path().resolve("policy-export/models/tracking-bc.onnx").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("OK tracking-bc.onnx: 64 golden vectors x 2 actions agree");
    }

    @Test
    void shipped_dsac_t_policy_agrees_with_its_golden_vectors() {
        CommandLineRun r = CommandLineRun.of("policy", "verify",
                RepositoryRoot.path().resolve("policy-export/models/tracking-obstacle-v1-dsact.onnx").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("OK tracking-obstacle-v1-dsact.onnx: 64 golden vectors x 2 actions agree");
        // The graph computes in float64 and rounds once: ONNX Runtime gives PyTorch's float32 actions exactly.
        assertThat(r.out()).contains("max |error| 0.00 <=");
    }

    @Test
    void gops_layout_fixture_verifies_through_its_sidecar() {
        CommandLineRun r = CommandLineRun.of("policy", "verify", MODELS.resolve("gops.onnx").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("OK gops.onnx: 8 golden vectors x 2 actions");
    }

    @Test
    void golden_folder_option_finds_name_golden_json_there(@TempDir Path dir) throws Exception {
        Path goldenDir = Files.createDirectories(dir.resolve("golden"));
        Files.copy(MODELS.resolve("valid.golden.json"), goldenDir.resolve("valid.golden.json"));
        Path onnx = Files.copy(MODELS.resolve("valid.onnx"), dir.resolve("valid.onnx"));
        CommandLineRun r = CommandLineRun.of("policy", "verify", onnx.toString(), "--golden", goldenDir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("OK valid.onnx: 8 golden vectors", goldenDir.resolve("valid.golden.json").toString());
    }

    @Test
    void tampered_golden_action_fails_with_the_worst_mismatch(@TempDir Path dir) throws Exception {
        Path onnx = copyValid(dir);
        Path golden = dir.resolve("valid.golden.json");
        float tampered = nudgeGoldenAction(golden, 5, 1, 0.01f);
        nudgeGoldenAction(golden, 2, 0, 0.001f); // a second, smaller change: counted, but not the worst

        CommandLineRun r = CommandLineRun.of("policy", "verify", onnx.toString());
        assertThat(r.code()).isEqualTo(1);
        // ONNX Runtime still computes the original action: the error is the 0.01 we added.
        assertThat(r.err()).contains("MISMATCH valid.onnx: 2 of 16 action values differ", "worst: row 5 action 1",
                String.format(java.util.Locale.ROOT, "expected %.9g actual", tampered), "tolerance 1.00e-05");
        assertThat(r.err()).containsPattern("\\|error\\| 0\\.0100");
    }

    @Test
    void a_looser_tolerance_accepts_a_small_difference(@TempDir Path dir) throws Exception {
        Path onnx = copyValid(dir);
        nudgeGoldenAction(dir.resolve("valid.golden.json"), 0, 0, 1e-4f);
        assertThat(CommandLineRun.of("policy", "verify", onnx.toString()).code()).isEqualTo(1);
        assertThat(CommandLineRun.of("policy", "verify", onnx.toString(), "--tolerance", "1e-3").code()).isZero();
    }

    @Test
    void missing_golden_file_is_an_error_naming_it(@TempDir Path dir) throws Exception {
        Path onnx = Files.copy(MODELS.resolve("valid.onnx"), dir.resolve("valid.onnx"));
        CommandLineRun r = CommandLineRun.of("policy", "verify", onnx.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("valid.golden.json", "no such golden file");
    }

    @Test
    void golden_rows_of_the_wrong_width_or_non_finite_are_errors_naming_the_row(@TempDir Path dir) throws Exception {
        Path onnx = copyValid(dir);
        Path golden = dir.resolve("valid.golden.json");
        String text = Files.readString(golden);
        Files.writeString(golden, text.replaceFirst("\"observations\": \\[\\[", "\"observations\": [[1.0, "));
        CommandLineRun wide = CommandLineRun.of("policy", "verify", onnx.toString());
        assertThat(wide.code()).isEqualTo(2);
        assertThat(wide.err()).contains("observations row 0 has 5 values, the policy has 4");

        Files.writeString(golden, "{\"observations\": [[0, 0, 0, 0]], \"actions\": [[0.1, \"NaN\"]]}");
        CommandLineRun nan = CommandLineRun.of("policy", "verify", onnx.toString());
        assertThat(nan.code()).isEqualTo(2);
        assertThat(nan.err()).contains("actions row 0 value 1 is not a finite number");

        Files.writeString(golden, "{\"observations\": [], \"actions\": []}");
        assertThat(CommandLineRun.of("policy", "verify", onnx.toString()).err()).contains("at least one");
    }

    @Test
    void a_policy_with_nan_weights_is_refused_before_any_golden_vector_runs() {
        CommandLineRun r = CommandLineRun.of("policy", "verify", MODELS.resolve("nan-weights.onnx").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nan-weights.onnx");
    }
}
