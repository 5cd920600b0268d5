package io.policyrt.drivers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The status payloads a connection publishes, retained, on its status topic. */
class RetainedStatusTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final RetainedStatus status = new RetainedStatus("controller", "ctl", () -> 42L);

    @Test
    void online_status_names_the_role_and_client_and_ends_with_the_suppliers_fields() {
        status.fields(() -> ",\"ticks\":7");
        assertThat(new String(status.online(), StandardCharsets.UTF_8))
                .isEqualTo("{\"state\":\"online\",\"role\":\"controller\",\"client_id\":\"ctl\",\"stamp_ns\":42,\"ticks\":7}");
    }

    @Test
    void offline_status_gives_its_reason() {
        assertThat(new String(status.offline("connection lost"), StandardCharsets.UTF_8))
                .isEqualTo("{\"state\":\"offline\",\"role\":\"controller\",\"client_id\":\"ctl\",\"stamp_ns\":42,"
                        + "\"reason\":\"connection lost\"}");
    }

    @Test
    void a_failing_supplier_is_reported_by_its_exception_class() throws Exception {
        status.fields(() -> {
            throw new IllegalStateException("not ready");
        });
        assertThat(JSON.readTree(status.online()).get("status_error").asText()).isEqualTo("IllegalStateException");
    }

    @Test
    void quotes_backslashes_and_control_characters_in_names_stay_valid_json() throws Exception {
        String clientId = "a\"b\\c\nd\u0001";
        JsonNode online = JSON.readTree(new RetainedStatus("ro\"le", clientId, () -> 1L).online());
        assertThat(online.get("client_id").asText()).isEqualTo(clientId);
        assertThat(online.get("role").asText()).isEqualTo("ro\"le");
    }
}
