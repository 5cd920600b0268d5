package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.launch.testing.RepositoryRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    @Test
    void help_lists_the_commands() {
        CommandLineRun r = CommandLineRun.of("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("demo", "run", "policy", "sim");
    }

    @Test
    void policy_inspect_prints_spec_shapes_and_provenance() {
        CommandLineRun r = CommandLineRun.of("policy", "inspect",
                RepositoryRoot.path().resolve("policy-export/models/tracking-bc.onnx").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("tracking-obstacle-v1", "graph input:", "lateral_error_m", "v_mps", "provenance:",
                "algorithm: behaviour-cloning", "weights_sha256");
    }

    @Test
    void policy_inspect_shows_the_dsac_t_policy_provenance() {
        CommandLineRun r = CommandLineRun.of("policy", "inspect",
                RepositoryRoot.path().resolve("policy-export/models/tracking-obstacle-v1-dsact.onnx").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("control period:   100.0 ms", "algorithm: dsac-t", "training_steps: 1400000", "seed: 0",
                "wall_time_s:", "env_version: tracking-obstacle-v1/policyrt_sim", "hyperparameters: {", "exporter_revision:",
                "weights_sha256:", "averaged with its mirror image", "deployed tanh(mean) in float64");
    }

    @Test
    void policy_inspect_says_which_backend_runs_the_file_and_why() {
        String file = RepositoryRoot.path().resolve("policy-export/models/tracking-bc.onnx").toString();
        CommandLineRun auto = CommandLineRun.of("policy", "inspect", file);
        assertThat(auto.code()).as(auto.err()).isZero();
        assertThat(auto.out()).contains("backend:          java MLP (float32 13 -> 256 tanh -> 256 tanh -> 2 tanh;",
                "agrees with ONNX Runtime: max |difference|");
        CommandLineRun onnx = CommandLineRun.of("policy", "inspect", "--backend", "onnxruntime", file);
        assertThat(onnx.out()).contains("backend:          onnxruntime; policy.backend is onnxruntime");
    }

    @Test
    void policy_inspect_of_a_broken_file_fails_with_the_reason() {
        CommandLineRun r = CommandLineRun.of("policy", "inspect",
                RepositoryRoot.path().resolve("controller/src/test/resources/models/no-metadata.onnx").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no-metadata.onnx", "no PolicyRT spec");
    }

    @Test
    void run_with_a_bad_config_key_fails_naming_file_and_key(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("robot.yaml");
        Files.writeString(cfg, "safety:\n  odometry_timout_ms: 100\n");
        CommandLineRun r = CommandLineRun.of("run", "--config", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("robot.yaml", "safety.odometry_timout_ms", "odometry_timeout_ms");
    }

    @Test
    void metrics_option_with_a_bad_address_or_port_fails_with_one_line() {
        CommandLineRun notAPort = CommandLineRun.of("demo", "--metrics", "localhost:http");
        assertThat(notAPort.code()).isEqualTo(2);
        assertThat(notAPort.err()).contains("--metrics", "[HOST:]PORT", "localhost:http").doesNotContain("Exception");
        CommandLineRun tooLarge = CommandLineRun.of("demo", "--metrics", "127.0.0.1:70000");
        assertThat(tooLarge.code()).isEqualTo(2);
        assertThat(tooLarge.err()).contains("65535", "70000");
    }

    @Test
    void metrics_on_a_port_in_use_fails_naming_the_address(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CommandLineRun r = CommandLineRun.of("demo", "--duration", "1", "--out", dir.toString(), "--metrics",
                    Integer.toString(taken.getLocalPort()));
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("metrics: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void demo_with_an_unknown_path_names_the_allowed_ones() {
        CommandLineRun r = CommandLineRun.of("demo", "--path", "spiral");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("sim.path", "spiral", "figure-eight");
    }

    @Test
    void the_demo_drives_with_the_pure_pursuit_expert_when_the_policy_is_expert(@TempDir Path dir) {
        CommandLineRun r = CommandLineRun.of("demo", "--policy", "expert", "--path", "straight", "--encounter", "none", "--duration",
                "2", "--out", dir.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("with policy tracking-obstacle-v1 (pure-pursuit", "completed NO, collisions 0");
    }

    @Test
    void short_real_time_demo_drives_and_prints_the_summary(@TempDir Path dir) {
        CommandLineRun r = CommandLineRun.of("demo", "--path", "straight", "--encounter", "none", "--duration", "4", "--out",
                dir.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("== episode: straight/none", "lateral RMSE", "== control loop:", "tick", "wake_lateness",
                "== plots:");
        assertThat(dir.resolve("trajectory.png")).isNotEmptyFile();
        assertThat(dir.resolve("latency.png")).isNotEmptyFile();
        // 4 s of driving at up to 0.5 m/s: the robot moved, but the 12 m line is not done.
        assertThat(r.out()).contains("completed NO");
    }

    @Test
    void sim_evaluate_writes_every_randomized_episode_as_json(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("eval/expert.json");
        CommandLineRun r = CommandLineRun.of("sim", "evaluate", "--policy", "expert", "--seeds", "2", "--randomize",
                "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("noise: randomized", "| figure-eight | step-in  |   2 |");
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertThat(doc.get("format").asText()).isEqualTo("policyrt-evaluation-v1");
        assertThat(doc.get("randomization").get("command_latency_s").get(1).asDouble()).isEqualTo(0.04);
        assertThat(doc.get("cases")).hasSize(9);
        for (com.fasterxml.jackson.databind.JsonNode c : doc.get("cases")) {
            assertThat(c.get("per_episode")).hasSize(2);
            assertThat(c.get("per_episode").get(1).get("seed").asInt()).isEqualTo(1);
            assertThat(c.get("success_rate").asDouble()).isBetween(0.0, 1.0);
        }
        // Without an obstacle there is no clearance to report.
        com.fasterxml.jackson.databind.JsonNode free = doc.get("cases").get(0);
        assertThat(free.get("min_clearance_m").isNull()).isTrue();
        // The printed table carries the same command chatter as the JSON.
        assertThat(r.out()).contains("| chatter dv/dt m/s^2 | chatter dw/dt rad/s^2 | min clear m |",
                String.format(java.util.Locale.ROOT, "| %.3f | %.3f | n/a |", free.get("mean_abs_dv_dt_mps2").asDouble(),
                        free.get("mean_abs_dw_dt_radps2").asDouble()));
    }

    @Test
    void sim_evaluate_plays_a_held_out_seed_range_from_the_first_seed(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("held-out.json");
        CommandLineRun r = CommandLineRun.of("sim", "evaluate", "--policy", "expert", "--seeds", "2", "--first-seed", "2000",
                "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("seeds 2000..2001 per case");
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertThat(doc.get("first_seed").asInt()).isEqualTo(2000);
        for (com.fasterxml.jackson.databind.JsonNode c : doc.get("cases")) {
            assertThat(c.get("per_episode").get(0).get("seed").asInt()).isEqualTo(2000);
            assertThat(c.get("per_episode").get(1).get("seed").asInt()).isEqualTo(2001);
        }
    }

    @Test
    void sim_evaluate_refuses_a_negative_first_seed_or_a_range_past_the_largest_seed() {
        for (String first : new String[] {"-1", "2147483647"}) {
            CommandLineRun r = CommandLineRun.of("sim", "evaluate", "--policy", "expert", "--first-seed", first);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("--first-seed must be 0 or more and leave the last seed below 2^31, got " + first);
        }
    }

    @Test
    void sim_evaluate_refuses_zero_seeds() {
        CommandLineRun r = CommandLineRun.of("sim", "evaluate", "--policy", "expert", "--seeds", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--seeds must be at least 1");
    }

    @Test
    void sim_evaluate_refuses_an_unknown_noise_naming_the_allowed_ones() {
        CommandLineRun r = CommandLineRun.of("sim", "evaluate", "--policy", "expert", "--noise", "loud");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--noise must be none or realistic, got 'loud'");
    }

    @Test
    void sim_evaluate_refuses_an_unknown_backend_naming_the_allowed_ones() {
        CommandLineRun r = CommandLineRun.of("sim", "evaluate", "--policy", "expert", "--backend", "gpu");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--backend must be auto, onnxruntime or java, got 'gpu'");
    }

    @Test
    void sim_evaluate_runs_float32_weights_only_on_the_java_evaluator() {
        CommandLineRun r = CommandLineRun.of("sim", "evaluate", "--policy", "expert", "--precision", "float32");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--precision float32 needs --backend java");
    }
}
