package io.policyrt.ros1.tcpros;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionHeaderTest {
    @Test
    void encodes_as_the_ros_wiki_example_and_reads_back() throws Exception {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("callerid", "/talker");
        f.put("md5sum", "992ce8a1687cec8c8bd883ec73ca41d1");
        byte[] bytes = new ConnectionHeader(f).encode();
        // total = (4 + 16) + (4 + 39) = 63, little-endian
        assertThat(bytes).startsWith(63, 0, 0, 0, 16, 0, 0, 0);
        assertThat(ConnectionHeader.readFrom(new ByteArrayInputStream(bytes), 1024).fields()).isEqualTo(f);
    }

    @Test
    void a_value_may_contain_equals_signs_and_newlines() throws Exception {
        Map<String, String> f = Map.of("message_definition", "a=b\nc=d");
        byte[] bytes = new ConnectionHeader(f).encode();
        assertThat(ConnectionHeader.readFrom(new ByteArrayInputStream(bytes), 1024).get("message_definition")).isEqualTo("a=b\nc=d");
    }

    @Test
    void an_oversized_total_length_is_refused_before_allocating() {
        byte[] huge = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
        assertThatThrownBy(() -> ConnectionHeader.readFrom(new ByteArrayInputStream(huge), 1024))
                .isInstanceOf(TcprosProtocolException.class).hasMessageContaining("outside 0..1024");
    }

    @Test
    void a_field_length_beyond_the_header_is_refused() {
        byte[] bad = {8, 0, 0, 0, 100, 0, 0, 0, 'a', '=', 'b', 'c'};
        assertThatThrownBy(() -> ConnectionHeader.readFrom(new ByteArrayInputStream(bad), 1024))
                .isInstanceOf(TcprosProtocolException.class).hasMessageContaining("exceeds");
    }

    @Test
    void a_field_without_name_equals_value_is_refused() {
        byte[] bad = {7, 0, 0, 0, 3, 0, 0, 0, 'a', 'b', 'c'};
        assertThatThrownBy(() -> ConnectionHeader.readFrom(new ByteArrayInputStream(bad), 1024))
                .isInstanceOf(TcprosProtocolException.class).hasMessageContaining("name=value");
    }

    @Test
    void a_truncated_header_is_an_end_of_stream() {
        byte[] cut = {20, 0, 0, 0, 5, 0, 0, 0, 'a', '='};
        assertThatThrownBy(() -> ConnectionHeader.readFrom(new ByteArrayInputStream(cut), 1024)).isInstanceOf(EOFException.class);
    }
}
