package io.policyrt.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricsSettingsTest {
    @Test
    void a_bare_port_binds_loopback() {
        MetricsSettings s = MetricsSettings.parse("9400");
        assertThat(s).isEqualTo(new MetricsSettings("127.0.0.1", 9400));
        assertThat(s.loopbackOnly()).isTrue();
    }

    @Test
    void a_host_and_port_bind_there_and_only_loopback_counts_as_private() {
        assertThat(MetricsSettings.parse("0.0.0.0:9464")).isEqualTo(new MetricsSettings("0.0.0.0", 9464));
        assertThat(MetricsSettings.parse("0.0.0.0:9464").loopbackOnly()).isFalse();
        assertThat(MetricsSettings.parse("[::1]:9464")).isEqualTo(new MetricsSettings("::1", 9464));
        assertThat(MetricsSettings.parse("[::1]:9464").loopbackOnly()).isTrue();
        assertThat(MetricsSettings.parse("localhost:0").loopbackOnly()).isTrue();
    }

    @Test
    void bad_ports_and_hosts_are_refused_with_one_line() {
        assertThatThrownBy(() -> MetricsSettings.parse("metrics")).hasMessageContaining("[HOST:]PORT").hasMessageContaining("metrics");
        assertThatThrownBy(() -> MetricsSettings.parse(":9400")).hasMessageContaining("host");
        assertThatThrownBy(() -> MetricsSettings.parse("65536")).hasMessageContaining("[0, 65535]").hasMessageContaining("65536");
        assertThatThrownBy(() -> MetricsSettings.parse("-1")).hasMessageContaining("[0, 65535]");
        assertThatThrownBy(() -> new MetricsSettings("no-such-host.invalid", 9400).address())
                .hasMessageContaining("no-such-host.invalid").hasMessageContaining("does not resolve");
    }

    @Test
    void an_address_other_than_loopback_gets_a_warning_and_loopback_none() {
        assertThat(MetricsEndpoint.exposureWarning(MetricsSettings.parse("9400"))).isNull();
        assertThat(MetricsEndpoint.exposureWarning(MetricsSettings.parse("[::1]:9400"))).isNull();
        assertThat(MetricsEndpoint.exposureWarning(MetricsSettings.parse("0.0.0.0:9400")))
                .contains("0.0.0.0", "not loopback", "firewall");
    }
}
