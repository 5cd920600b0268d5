package io.policyrt.benchmarks.latency;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.loop.TriggerMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The harness's legs follow from its options, and a bad option is a usage error that says what is wrong. */
class LatencyHarnessOptionsTest {
    private static LatencyHarness parse(String... args) {
        LatencyHarness h = new LatencyHarness("bench");
        new CommandLine(h).parseArgs(args);
        return h;
    }

    @Test
    void default_run_has_the_floor_then_policyrt_on_message_and_three_timer_rates_per_transport_then_the_peers() {
        List<String> ids = parse().checkedLegs().stream().map(LegSpec::id).toList();
        assertThat(ids).containsExactly(
                "in-process-policyrt-on-message", "in-process-policyrt-timer-50hz", "in-process-policyrt-timer-200hz",
                "in-process-policyrt-timer-1000hz",
                "mqtt-floor-on-message", "mqtt-policyrt-on-message", "mqtt-policyrt-timer-50hz", "mqtt-policyrt-timer-200hz", "mqtt-policyrt-timer-1000hz",
                "mqtt-python-on-message", "mqtt-naive-java-timer-50hz", "mqtt-naive-java-timer-200hz", "mqtt-naive-java-timer-1000hz",
                "ros1-floor-on-message", "ros1-policyrt-on-message", "ros1-policyrt-timer-50hz", "ros1-policyrt-timer-200hz", "ros1-policyrt-timer-1000hz",
                "ros1-rospy-on-message", "ros1-rospy-timer-50hz", "ros1-rospy-timer-200hz", "ros1-rospy-timer-1000hz");
    }

    @Test
    void phase_lock_both_runs_each_policyrt_timer_rate_unlocked_then_locked_and_leaves_peers_alone() {
        List<LegSpec> legs = parse("--timer-rates-hz", "10,200", "--transports", "mqtt", "--nodes", "policyrt,naive-java",
                "--phase-lock", "both").checkedLegs();
        assertThat(legs.stream().map(LegSpec::id).toList()).containsExactly("mqtt-policyrt-on-message",
                "mqtt-policyrt-timer-10hz-unlocked", "mqtt-policyrt-timer-10hz",
                "mqtt-policyrt-timer-200hz-unlocked", "mqtt-policyrt-timer-200hz",
                "mqtt-naive-java-timer-10hz", "mqtt-naive-java-timer-200hz");
        assertThat(legs.get(1).name()).isEqualTo("mqtt / PolicyRT / timer 10 Hz, phase lock off");
        assertThat(legs.get(2).name()).isEqualTo("mqtt / PolicyRT / timer 10 Hz");
        assertThat(parse("--timer-rates-hz", "50", "--transports", "mqtt", "--nodes", "policyrt", "--phase-lock", "off")
                .checkedLegs().stream().map(LegSpec::id).toList())
                .containsExactly("mqtt-policyrt-on-message", "mqtt-policyrt-timer-50hz-unlocked");
    }

    @Test
    void on_message_legs_run_at_the_sensor_rate() {
        LegSpec leg = parse("--sensor-rate-hz", "100", "--transports", "mqtt", "--nodes", "python").checkedLegs().get(0);
        assertThat(leg.name()).isEqualTo("mqtt / Python paho-mqtt + PyTorch / on-message");
        assertThat(leg.rateHz()).isEqualTo(100);
    }

    @Test
    void the_transport_floor_runs_first_on_mqtt_and_ros1_on_message_at_the_sensor_rate_and_not_in_process() {
        List<LegSpec> legs = parse("--sensor-rate-hz", "100", "--nodes", "floor,policyrt", "--timer-rates-hz", "50").checkedLegs();
        assertThat(legs.stream().map(LegSpec::id).toList()).containsExactly(
                "in-process-policyrt-on-message", "in-process-policyrt-timer-50hz",
                "mqtt-floor-on-message", "mqtt-policyrt-on-message", "mqtt-policyrt-timer-50hz",
                "ros1-floor-on-message", "ros1-policyrt-on-message", "ros1-policyrt-timer-50hz");
        LegSpec floor = legs.get(2);
        assertThat(floor.name()).isEqualTo("mqtt / transport floor (echo) / on-message");
        assertThat(floor.mode()).isEqualTo(TriggerMode.ON_MESSAGE);
        assertThat(floor.rateHz()).isEqualTo(100);
        assertThat(parse("--transports", "in-process", "--nodes", "floor,policyrt").checkedLegs().stream().map(LegSpec::id).toList())
                .doesNotContain("in-process-floor-on-message");
    }

    @Test
    void rospy_runs_over_ros1_only_in_both_modes() {
        List<String> ids = parse("--timer-rates-hz", "200", "--nodes", "rospy").checkedLegs().stream().map(LegSpec::id).toList();
        assertThat(ids).containsExactly("ros1-rospy-on-message", "ros1-rospy-timer-200hz");
        assertThat(parse("--transports", "ros1", "--nodes", "rospy").checkedLegs().get(0).name())
                .isEqualTo("ros1 / rospy + PyTorch / on-message");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "--transports=ros9; unknown transport 'ros9' (allowed: in-process, mqtt, ros1)",
        "--nodes=matlab; unknown node 'matlab' (allowed: floor, policyrt, python, naive-java, rospy)",
        "--seconds=0; --seconds must be > 0",
        "--seconds=NaN; --seconds must be > 0",
        "--timer-rates-hz=200,-5; each rate must be in (0, 10000] Hz, got -5.0",
        "--sensor-rate-hz=0; --sensor-rate-hz must be in (0, 10000]",
        "--rounds=0; --rounds must be in [1, 100], got 0",
        "--phase-lock=maybe; --phase-lock must be on, off or both, got 'maybe'",
        "--backend=tensorrt; --backend must be auto, onnxruntime or java, got 'tensorrt'",
    })
    void bad_option_is_a_usage_error_naming_it(String arg, String message) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new LatencyHarness("bench")).setErr(new PrintWriter(err));
        int status = cl.execute(arg);
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }

    @Test
    void peers_alone_in_process_is_a_usage_error() {
        StringWriter err = new StringWriter();
        int status = new CommandLine(new LatencyHarness("bench")).setErr(new PrintWriter(err))
                .execute("--transports=in-process", "--nodes=python");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("no leg to run");
    }
}
