package io.policyrt.ros1.xmlrpc;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads and writes the XML-RPC documents of the ROS 1 master and slave APIs, with only the types
 * ROS uses: int/i4 (Integer), boolean (Boolean), string or untyped text (String), double (Double),
 * base64 (byte[]), array (List), struct (Map).
 *
 * <p>Hardened for documents from the network: the StAX parser has DTD support and external
 * entities off, and a document that carries a DTD anyway is refused, so neither entity expansion
 * nor external fetches can happen. Documents are bounded in size and nesting depth
 * ({@link XmlRpcLimits}); any other type (i8, nil, dateTime) is refused.
 */
public final class XmlRpcCodec {
    private static final XMLInputFactory FACTORY = hardenedFactory();

    private final XmlRpcLimits limits;

    public XmlRpcCodec(XmlRpcLimits limits) {
        this.limits = limits;
    }

    public XmlRpcLimits limits() { return limits; }

    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    // ---------------------------------------------------------------- reading

    /** Parses a {@code methodCall}. */
    public XmlRpcCall parseCall(byte[] document) throws XmlRpcException {
        Reader r = open(document);
        try {
            r.expectStart("methodCall");
            r.expectStart("methodName");
            String method = r.text().trim(); // consumes </methodName>
            if (method.isEmpty()) {
                throw new XmlRpcException("empty methodName");
            }
            List<Object> params = new ArrayList<>();
            if (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                r.requireName("params");
                while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                    r.requireName("param");
                    r.expectStart("value");
                    params.add(r.value(1));
                    r.expectEnd("param");
                }
                r.requireEndName("params");
                r.expectEnd("methodCall");
            } else {
                r.requireEndName("methodCall");
            }
            r.expectDocumentEnd();
            return new XmlRpcCall(method, params);
        } catch (XMLStreamException | RuntimeException e) {
            throw new XmlRpcException("malformed XML-RPC call: " + e.getMessage(), e);
        } finally {
            r.close();
        }
    }

    /**
     * Parses a {@code methodResponse}: its single value, or the fault it carries.
     *
     * @throws XmlRpcFault when the response is a well-formed fault
     */
    public Object parseResponse(byte[] document) throws XmlRpcException, XmlRpcFault {
        Reader r = open(document);
        try {
            r.expectStart("methodResponse");
            r.expectStart(null);
            if (r.name().equals("fault")) {
                r.expectStart("value");
                Object v = r.value(1);
                r.expectEnd("fault");
                r.expectEnd("methodResponse");
                r.expectDocumentEnd();
                if (!(v instanceof Map<?, ?> m) || !(m.get("faultCode") instanceof Integer code)
                        || !(m.get("faultString") instanceof String text)) {
                    throw new XmlRpcException("fault without integer faultCode and string faultString");
                }
                throw new XmlRpcFault(code, text);
            }
            r.requireName("params");
            r.expectStart("param");
            r.expectStart("value");
            Object v = r.value(1);
            r.expectEnd("param");
            r.expectEnd("params");
            r.expectEnd("methodResponse");
            r.expectDocumentEnd();
            return v;
        } catch (XMLStreamException | RuntimeException e) {
            throw new XmlRpcException("malformed XML-RPC response: " + e.getMessage(), e);
        } finally {
            r.close();
        }
    }

    private Reader open(byte[] document) throws XmlRpcException {
        if (document.length > limits.maxDocumentBytes()) {
            throw new XmlRpcException("XML-RPC document of " + document.length + " bytes exceeds the limit of "
                    + limits.maxDocumentBytes());
        }
        try {
            return new Reader(FACTORY.createXMLStreamReader(new ByteArrayInputStream(document)), limits.maxDepth());
        } catch (XMLStreamException e) {
            throw new XmlRpcException("unreadable XML-RPC document: " + e.getMessage(), e);
        }
    }

    /** A pull parser over one document that walks the XML-RPC grammar and refuses everything else. */
    private static final class Reader {
        private final XMLStreamReader in;
        private final int maxDepth;

        Reader(XMLStreamReader in, int maxDepth) {
            this.in = in;
            this.maxDepth = maxDepth;
        }

        /** Advances to the next start or end tag, refusing non-blank text, DTDs and entities. */
        int nextTag() throws XMLStreamException {
            while (true) {
                int e = in.next();
                switch (e) {
                    case XMLStreamConstants.START_ELEMENT:
                    case XMLStreamConstants.END_ELEMENT:
                        return e;
                    case XMLStreamConstants.CHARACTERS:
                    case XMLStreamConstants.SPACE:
                        if (!in.isWhiteSpace()) {
                            throw new XMLStreamException("unexpected text '" + clip(in.getText()) + "'");
                        }
                        break;
                    case XMLStreamConstants.COMMENT:
                    case XMLStreamConstants.PROCESSING_INSTRUCTION:
                        break;
                    case XMLStreamConstants.DTD:
                        throw new XMLStreamException("a DTD is not allowed in XML-RPC");
                    case XMLStreamConstants.ENTITY_REFERENCE:
                        throw new XMLStreamException("entity reference &" + in.getLocalName() + "; is not allowed");
                    case XMLStreamConstants.END_DOCUMENT:
                        throw new XMLStreamException("document ends early");
                    default:
                        throw new XMLStreamException("unexpected XML event " + e);
                }
            }
        }

        String name() { return in.getLocalName(); }

        void requireName(String name) throws XMLStreamException {
            if (!in.isStartElement() || !in.getLocalName().equals(name)) {
                throw new XMLStreamException("expected <" + name + "> but found " + describe());
            }
        }

        void requireEndName(String name) throws XMLStreamException {
            if (!in.isEndElement() || !in.getLocalName().equals(name)) {
                throw new XMLStreamException("expected </" + name + "> but found " + describe());
            }
        }

        /** Next tag must open {@code name} (any name when null). */
        void expectStart(String name) throws XMLStreamException {
            if (nextTag() != XMLStreamConstants.START_ELEMENT) {
                throw new XMLStreamException("expected <" + (name == null ? "element" : name) + "> but found " + describe());
            }
            if (name != null) {
                requireName(name);
            }
        }

        void expectEnd(String name) throws XMLStreamException {
            if (nextTag() != XMLStreamConstants.END_ELEMENT) {
                throw new XMLStreamException("expected </" + name + "> but found " + describe());
            }
            requireEndName(name);
        }

        void expectDocumentEnd() throws XMLStreamException {
            while (in.hasNext()) {
                int e = in.next();
                if (e == XMLStreamConstants.START_ELEMENT || (e == XMLStreamConstants.CHARACTERS && !in.isWhiteSpace())) {
                    throw new XMLStreamException("content after the document element");
                }
            }
        }

        /** Text content of the current element up to its end tag; a child element is an error. */
        String text() throws XMLStreamException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int e = in.next();
                switch (e) {
                    case XMLStreamConstants.CHARACTERS:
                    case XMLStreamConstants.CDATA:
                    case XMLStreamConstants.SPACE:
                        sb.append(in.getText());
                        break;
                    case XMLStreamConstants.COMMENT:
                        break;
                    case XMLStreamConstants.END_ELEMENT:
                        return sb.toString();
                    case XMLStreamConstants.ENTITY_REFERENCE:
                        throw new XMLStreamException("entity reference &" + in.getLocalName() + "; is not allowed");
                    default:
                        throw new XMLStreamException("expected text but found " + describe());
                }
            }
        }

        /** Reads one {@code <value>} whose start tag is current, through its end tag. */
        Object value(int depth) throws XMLStreamException {
            if (depth > maxDepth) {
                throw new XMLStreamException("values nested deeper than " + maxDepth);
            }
            StringBuilder untyped = new StringBuilder();
            while (true) {
                int e = in.next();
                if (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.SPACE || e == XMLStreamConstants.CDATA) {
                    untyped.append(in.getText());
                } else if (e == XMLStreamConstants.COMMENT) {
                    continue;
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    return untyped.toString(); // <value>text</value> is a string
                } else if (e == XMLStreamConstants.START_ELEMENT) {
                    if (!untyped.toString().isBlank()) {
                        throw new XMLStreamException("text and a typed value mixed in one <value>");
                    }
                    Object v = typed(depth);
                    expectEnd("value");
                    return v;
                } else if (e == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new XMLStreamException("entity reference &" + in.getLocalName() + "; is not allowed");
                } else {
                    throw new XMLStreamException("unexpected XML event " + e + " in <value>");
                }
            }
        }

        private Object typed(int depth) throws XMLStreamException {
            String type = in.getLocalName();
            switch (type) {
                case "int":
                case "i4": {
                    String t = text().trim();
                    try {
                        return Integer.parseInt(t);
                    } catch (NumberFormatException ex) {
                        throw new XMLStreamException("<" + type + "> is not a 32-bit integer: '" + clip(t) + "'");
                    }
                }
                case "boolean": {
                    String t = text().trim();
                    if (t.equals("1")) {
                        return Boolean.TRUE;
                    }
                    if (t.equals("0")) {
                        return Boolean.FALSE;
                    }
                    throw new XMLStreamException("<boolean> must be 0 or 1: '" + clip(t) + "'");
                }
                case "string":
                    return text();
                case "double": {
                    String t = text().trim();
                    try {
                        return Double.parseDouble(t);
                    } catch (NumberFormatException ex) {
                        throw new XMLStreamException("<double> is not a number: '" + clip(t) + "'");
                    }
                }
                case "base64": {
                    String t = text().replaceAll("\\s", "");
                    try {
                        return Base64.getDecoder().decode(t);
                    } catch (IllegalArgumentException ex) {
                        throw new XMLStreamException("<base64> is not base64");
                    }
                }
                case "array": {
                    List<Object> items = new ArrayList<>();
                    expectStart("data");
                    while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                        requireName("value");
                        items.add(value(depth + 1));
                    }
                    requireEndName("data");
                    expectEnd("array");
                    return items;
                }
                case "struct": {
                    Map<String, Object> members = new LinkedHashMap<>();
                    while (nextTag() == XMLStreamConstants.START_ELEMENT) {
                        requireName("member");
                        expectStart("name");
                        String name = text();
                        expectStart("value");
                        members.put(name, value(depth + 1));
                        expectEnd("member");
                    }
                    requireEndName("struct");
                    return members;
                }
                default:
                    throw new XMLStreamException("XML-RPC type <" + type + "> is not used by ROS and not accepted");
            }
        }

        private String describe() {
            if (in.isStartElement()) {
                return "<" + in.getLocalName() + ">";
            }
            if (in.isEndElement()) {
                return "</" + in.getLocalName() + ">";
            }
            return "XML event " + in.getEventType();
        }

        void close() {
            try {
                in.close();
            } catch (XMLStreamException ignored) {
                // nothing held beyond the byte array
            }
        }

        private static String clip(String s) {
            return s.length() > 40 ? s.substring(0, 40) + "..." : s;
        }
    }

    // ---------------------------------------------------------------- writing

    /** A {@code methodCall} document. */
    public static byte[] writeCall(String methodName, List<?> params) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version=\"1.0\"?>\n<methodCall><methodName>");
        escape(methodName, sb);
        sb.append("</methodName><params>");
        for (Object p : params) {
            sb.append("<param>");
            writeValue(p, sb, 0);
            sb.append("</param>");
        }
        sb.append("</params></methodCall>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A {@code methodResponse} carrying one value. */
    public static byte[] writeResponse(Object value) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version=\"1.0\"?>\n<methodResponse><params><param>");
        writeValue(value, sb, 0);
        sb.append("</param></params></methodResponse>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A {@code methodResponse} carrying a fault. */
    public static byte[] writeFault(int faultCode, String faultString) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version=\"1.0\"?>\n<methodResponse><fault>");
        writeValue(Map.of("faultCode", faultCode, "faultString", faultString), sb, 0);
        sb.append("</fault></methodResponse>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeValue(Object v, StringBuilder sb, int depth) {
        if (depth > 64) {
            throw new IllegalArgumentException("value nested deeper than 64");
        }
        sb.append("<value>");
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            sb.append("<i4>").append(((Number) v).intValue()).append("</i4>");
        } else if (v instanceof Long l) {
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("XML-RPC int is 32-bit: " + l);
            }
            sb.append("<i4>").append(l).append("</i4>");
        } else if (v instanceof Boolean b) {
            sb.append("<boolean>").append(b ? '1' : '0').append("</boolean>");
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("XML-RPC double must be finite: " + d);
            }
            sb.append("<double>").append(d).append("</double>");
        } else if (v instanceof String s) {
            sb.append("<string>");
            escape(s, sb);
            sb.append("</string>");
        } else if (v instanceof byte[] bytes) {
            sb.append("<base64>").append(Base64.getEncoder().encodeToString(bytes)).append("</base64>");
        } else if (v instanceof List<?> list) {
            sb.append("<array><data>");
            for (Object item : list) {
                writeValue(item, sb, depth + 1);
            }
            sb.append("</data></array>");
        } else if (v instanceof Map<?, ?> map) {
            sb.append("<struct>");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append("<member><name>");
                escape(String.valueOf(e.getKey()), sb);
                sb.append("</name>");
                writeValue(e.getValue(), sb, depth + 1);
                sb.append("</member>");
            }
            sb.append("</struct>");
        } else {
            throw new IllegalArgumentException("no XML-RPC type for " + (v == null ? "null" : v.getClass().getName()));
        }
        sb.append("</value>");
    }

    private static void escape(String s, StringBuilder sb) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\r' -> sb.append("&#13;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        throw new IllegalArgumentException("control character " + (int) c + " cannot travel in XML 1.0");
                    }
                    sb.append(c);
                }
            }
        }
    }
}
