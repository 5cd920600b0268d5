package io.policyrt.ros1.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmlRpcCodecTest {
    private final XmlRpcCodec codec = new XmlRpcCodec(new XmlRpcLimits(64 * 1024, 8));

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_call_round_trips_every_type_ros_uses() throws Exception {
        List<Object> params = List.of(1, -7, true, false, "a <b> & c", 2.5, List.of("x", List.of(1, 2)),
                Map.of("k", "v"), new byte[] {1, 2, 3});
        XmlRpcCall call = codec.parseCall(XmlRpcCodec.writeCall("requestTopic", params));
        assertThat(call.methodName()).isEqualTo("requestTopic");
        assertThat(call.params()).hasSize(params.size());
        assertThat(call.params().subList(0, 8)).isEqualTo(params.subList(0, 8));
        assertThat((byte[]) call.params().get(8)).containsExactly(1, 2, 3);
    }

    @Test
    void python_style_documents_parse_with_untyped_strings_and_whitespace() throws Exception {
        String doc = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n"
                + "<value><int>1</int></value>\n<value><string></string></value>\n<value>http://host:1234/</value>\n"
                + "</data></array></value>\n</param>\n</params>\n</methodResponse>\n";
        assertThat(codec.parseResponse(utf8(doc))).isEqualTo(List.of(1, "", "http://host:1234/"));
    }

    @Test
    void a_fault_becomes_an_exception_with_its_code() {
        assertThatThrownBy(() -> codec.parseResponse(XmlRpcCodec.writeFault(7, "no such method")))
                .isInstanceOf(XmlRpcFault.class).hasMessageContaining("no such method")
                .satisfies(e -> assertThat(((XmlRpcFault) e).faultCode()).isEqualTo(7));
    }

    @Test
    void a_dtd_with_an_external_entity_is_refused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<methodCall><methodName>getPid</methodName><params><param><value>&x;</value></param></params></methodCall>";
        assertThatThrownBy(() -> codec.parseCall(utf8(xxe))).isInstanceOf(XmlRpcException.class)
                .hasMessageNotContaining("root:");
    }

    @Test
    void an_entity_expansion_bomb_is_refused() {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>"
                + "<methodCall><methodName>&lol2;</methodName></methodCall>";
        assertThatThrownBy(() -> codec.parseCall(utf8(bomb))).isInstanceOf(XmlRpcException.class);
    }

    @Test
    void nesting_deeper_than_the_limit_is_refused() {
        String deep = "<methodCall><methodName>m</methodName><params><param>" + "<value><array><data>".repeat(20)
                + "</data></array></value>".repeat(20) + "</param></params></methodCall>";
        assertThatThrownBy(() -> codec.parseCall(utf8(deep))).isInstanceOf(XmlRpcException.class).hasMessageContaining("deeper");
    }

    @Test
    void a_document_over_the_size_limit_is_refused_before_parsing() {
        byte[] big = new byte[64 * 1024 + 1];
        assertThatThrownBy(() -> codec.parseCall(big)).isInstanceOf(XmlRpcException.class).hasMessageContaining("exceeds");
    }

    @Test
    void garbage_truncation_and_foreign_types_are_refused() {
        for (String bad : List.of("", "not xml", "<methodCall><methodName>m</methodName><params>",
                "<methodCall><methodName>m</methodName><params><param><value><i8>1</i8></value></param></params></methodCall>",
                "<methodCall><methodName>m</methodName><params><param><value><int>x</int></value></param></params></methodCall>",
                "<methodCall><methodName>m</methodName><params><param><value><boolean>2</boolean></value></param></params></methodCall>",
                "<methodCall><methodName>m</methodName><params><param><value><nil/></value></param></params></methodCall>",
                "<methodCall><methodName></methodName></methodCall>",
                "<methodResponse><params><param><value>1</value></param></params></methodResponse>")) {
            assertThatThrownBy(() -> codec.parseCall(utf8(bad))).as(bad).isInstanceOf(XmlRpcException.class);
        }
    }

    @Test
    void values_that_xml_rpc_cannot_carry_are_refused_when_writing() {
        assertThatThrownBy(() -> XmlRpcCodec.writeResponse(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlRpcCodec.writeResponse(1L << 40)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlRpcCodec.writeResponse(new Object())).isInstanceOf(IllegalArgumentException.class);
    }
}
