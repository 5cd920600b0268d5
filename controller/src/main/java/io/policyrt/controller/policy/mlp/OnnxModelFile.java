package io.policyrt.controller.policy.mlp;

import io.policyrt.controller.policy.PolicyLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX file ({@code ModelProto}) the MLP backend needs, read straight from the
 * protobuf wire format: the custom metadata, the opset, the graph's inputs and outputs with their
 * element types and shapes, its nodes with their attributes, and its initializers (stored as
 * {@code raw_data} or as {@code float_data} / {@code double_data} / {@code int64_data}).
 *
 * <p>Fields are numbered as in {@code onnx/onnx.proto3}; anything else in the file is skipped.
 * Tensors stored outside the file ({@code external_data}) are refused.
 */
public final class OnnxModelFile {
    /** ONNX {@code TensorProto.DataType} codes this reader understands. */
    public static final int FLOAT = 1;
    public static final int INT32 = 6;
    public static final int INT64 = 7;
    public static final int DOUBLE = 11;

    private final Map<String, String> metadata;
    private final long opsetVersion;
    private final List<ValueInfo> inputs;
    private final List<ValueInfo> outputs;
    private final List<Node> nodes;
    private final Map<String, Tensor> initializers;

    private OnnxModelFile(Map<String, String> metadata, long opsetVersion, List<ValueInfo> inputs, List<ValueInfo> outputs,
            List<Node> nodes, Map<String, Tensor> initializers) {
        this.metadata = Collections.unmodifiableMap(metadata);
        this.opsetVersion = opsetVersion;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.nodes = List.copyOf(nodes);
        this.initializers = Collections.unmodifiableMap(initializers);
    }

    /** A graph input or output: name, element type code and dimensions (-1 where symbolic). */
    public record ValueInfo(String name, int elemType, long[] dims) {
    }

    /** One node: operator, inputs and outputs by name, attributes by name. */
    public record Node(String opType, String domain, List<String> inputs, List<String> outputs,
            Map<String, Attribute> attributes) {
        /** The integer attribute {@code name}, or {@code dflt} when absent. */
        public long intAttribute(String name, long dflt) {
            Attribute a = attributes.get(name);
            return a == null ? dflt : a.i();
        }

        /** The float attribute {@code name}, or {@code dflt} when absent. */
        public float floatAttribute(String name, float dflt) {
            Attribute a = attributes.get(name);
            return a == null ? dflt : a.f();
        }
    }

    /** An attribute; only the scalar, int list and tensor kinds are kept. */
    public record Attribute(String name, float f, long i, long[] ints, Tensor t) {
    }

    /**
     * A constant tensor. Floating-point values are held as doubles (exact for float32), integer
     * values as longs; the other array is empty.
     */
    public record Tensor(String name, int dataType, long[] dims, double[] doubles, long[] longs) {
        public long size() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }

        public boolean isFloatingPoint() {
            return dataType == FLOAT || dataType == DOUBLE;
        }
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** Version of the default ("" or "ai.onnx") operator set, 0 when the file names none. */
    public long opsetVersion() {
        return opsetVersion;
    }

    public List<ValueInfo> inputs() {
        return inputs;
    }

    public List<ValueInfo> outputs() {
        return outputs;
    }

    /** Nodes in file order (ONNX requires topological order). */
    public List<Node> nodes() {
        return nodes;
    }

    public Map<String, Tensor> initializers() {
        return initializers;
    }

    /** Reads {@code file}; a file that is not a readable ONNX model fails with the reason. */
    public static OnnxModelFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyLoadException(file + ": cannot read the file: " + e.getMessage(), e);
        }
        try {
            return parse(bytes);
        } catch (ProtoReader.MalformedModelException e) {
            throw new PolicyLoadException(file + ": not a valid ONNX file: " + e.getMessage(), e);
        }
    }

    /** Parses the bytes of a {@code ModelProto}. */
    public static OnnxModelFile parse(byte[] bytes) {
        Map<String, String> metadata = new LinkedHashMap<>();
        long opset = 0;
        ProtoReader graph = null;
        ProtoReader r = new ProtoReader(bytes);
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 7: // graph
                    graph = r.readMessage();
                    break;
                case 8: { // opset_import
                    ProtoReader o = r.readMessage();
                    String domain = "";
                    long version = 0;
                    while (o.next()) {
                        if (o.fieldNumber() == 1) {
                            domain = o.readString();
                        } else if (o.fieldNumber() == 2) {
                            version = o.readVarint();
                        } else {
                            o.skip();
                        }
                    }
                    if (domain.isEmpty() || domain.equals("ai.onnx")) {
                        opset = version;
                    }
                    break;
                }
                case 14: { // metadata_props
                    ProtoReader e = r.readMessage();
                    String key = "";
                    String value = "";
                    while (e.next()) {
                        if (e.fieldNumber() == 1) {
                            key = e.readString();
                        } else if (e.fieldNumber() == 2) {
                            value = e.readString();
                        } else {
                            e.skip();
                        }
                    }
                    metadata.put(key, value);
                    break;
                }
                default:
                    r.skip();
            }
        }
        if (graph == null) {
            throw new ProtoReader.MalformedModelException("the model has no graph");
        }
        List<ValueInfo> inputs = new ArrayList<>();
        List<ValueInfo> outputs = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        while (graph.next()) {
            switch (graph.fieldNumber()) {
                case 1:
                    nodes.add(node(graph.readMessage()));
                    break;
                case 5: {
                    Tensor t = tensor(graph.readMessage());
                    initializers.put(t.name(), t);
                    break;
                }
                case 11:
                    inputs.add(valueInfo(graph.readMessage()));
                    break;
                case 12:
                    outputs.add(valueInfo(graph.readMessage()));
                    break;
                case 15:
                    throw new ProtoReader.MalformedModelException("the graph has sparse initializers");
                default:
                    graph.skip();
            }
        }
        // Older files list initializers among the inputs too; those are constants, not inputs.
        inputs.removeIf(v -> initializers.containsKey(v.name()));
        return new OnnxModelFile(metadata, opset, inputs, outputs, nodes, initializers);
    }

    private static Node node(ProtoReader r) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String op = "";
        String domain = "";
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 1:
                    in.add(r.readString());
                    break;
                case 2:
                    out.add(r.readString());
                    break;
                case 4:
                    op = r.readString();
                    break;
                case 5: {
                    Attribute a = attribute(r.readMessage());
                    attributes.put(a.name(), a);
                    break;
                }
                case 7:
                    domain = r.readString();
                    break;
                default:
                    r.skip();
            }
        }
        return new Node(op, domain, in, out, attributes);
    }

    private static Attribute attribute(ProtoReader r) {
        String name = "";
        float f = 0;
        long i = 0;
        LongList ints = new LongList();
        Tensor t = null;
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 1:
                    name = r.readString();
                    break;
                case 2:
                    f = r.readFloat();
                    break;
                case 3:
                    i = r.readVarint();
                    break;
                case 5:
                    t = tensor(r.readMessage());
                    break;
                case 8:
                    readVarints(r, ints);
                    break;
                default:
                    r.skip();
            }
        }
        return new Attribute(name, f, i, ints.toArray(), t);
    }

    private static ValueInfo valueInfo(ProtoReader r) {
        String name = "";
        int elemType = 0;
        LongList dims = new LongList();
        while (r.next()) {
            if (r.fieldNumber() == 1) {
                name = r.readString();
            } else if (r.fieldNumber() == 2) { // TypeProto
                ProtoReader type = r.readMessage();
                while (type.next()) {
                    if (type.fieldNumber() == 1) { // tensor_type
                        ProtoReader tensor = type.readMessage();
                        while (tensor.next()) {
                            if (tensor.fieldNumber() == 1) {
                                elemType = (int) tensor.readVarint();
                            } else if (tensor.fieldNumber() == 2) { // shape
                                ProtoReader shape = tensor.readMessage();
                                while (shape.next()) {
                                    if (shape.fieldNumber() == 1) { // dim
                                        ProtoReader dim = shape.readMessage();
                                        long value = -1;
                                        while (dim.next()) {
                                            if (dim.fieldNumber() == 1) {
                                                value = dim.readVarint();
                                            } else {
                                                dim.skip();
                                            }
                                        }
                                        dims.add(value);
                                    } else {
                                        shape.skip();
                                    }
                                }
                            } else {
                                tensor.skip();
                            }
                        }
                    } else {
                        type.skip();
                    }
                }
            } else {
                r.skip();
            }
        }
        return new ValueInfo(name, elemType, dims.toArray());
    }

    private static Tensor tensor(ProtoReader r) {
        String name = "";
        int dataType = 0;
        LongList dims = new LongList();
        ByteBuffer raw = null;
        DoubleList typedFloats = new DoubleList();
        LongList typedLongs = new LongList();
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 1:
                    readVarints(r, dims);
                    break;
                case 2:
                    dataType = (int) r.readVarint();
                    break;
                case 4: // float_data
                    if (r.isPacked()) {
                        ByteBuffer b = r.readBytes();
                        while (b.remaining() >= 4) {
                            typedFloats.add(b.getFloat());
                        }
                    } else {
                        typedFloats.add(r.readFloat());
                    }
                    break;
                case 5: // int32_data
                case 7: // int64_data
                    readVarints(r, typedLongs);
                    break;
                case 8:
                    name = r.readString();
                    break;
                case 9:
                    raw = r.readBytes();
                    break;
                case 10: // double_data
                    if (r.isPacked()) {
                        ByteBuffer b = r.readBytes();
                        while (b.remaining() >= 8) {
                            typedFloats.add(b.getDouble());
                        }
                    } else {
                        typedFloats.add(Double.longBitsToDouble(r.readFixed64()));
                    }
                    break;
                case 13: // external_data
                case 14: // data_location
                    throw new ProtoReader.MalformedModelException("tensor '" + name + "' is stored outside the file"
                            + " (external data), which the MLP backend does not read");
                default:
                    r.skip();
            }
        }
        long[] shape = dims.toArray();
        long count = 1;
        for (long d : shape) {
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new ProtoReader.MalformedModelException("tensor '" + name + "' has dimension " + d);
            }
            count *= d;
            if (count > Integer.MAX_VALUE) {
                throw new ProtoReader.MalformedModelException("tensor '" + name + "' is too large");
            }
        }
        int n = (int) count;
        double[] doubles = new double[0];
        long[] longs = new long[0];
        switch (dataType) {
            case FLOAT:
            case DOUBLE: {
                int width = dataType == FLOAT ? 4 : 8;
                if (raw != null) {
                    if (raw.remaining() != (long) n * width) {
                        throw new ProtoReader.MalformedModelException("tensor '" + name + "' has " + raw.remaining()
                                + " bytes of raw data for " + n + " values of " + width + " bytes");
                    }
                    doubles = new double[n];
                    for (int k = 0; k < n; k++) {
                        doubles[k] = width == 4 ? raw.getFloat() : raw.getDouble();
                    }
                } else {
                    doubles = typedFloats.toArray();
                }
                if (doubles.length != n) {
                    throw new ProtoReader.MalformedModelException("tensor '" + name + "' has " + doubles.length
                            + " values for shape " + java.util.Arrays.toString(shape));
                }
                break;
            }
            case INT32:
            case INT64: {
                if (raw != null) {
                    int width = dataType == INT32 ? 4 : 8;
                    if (raw.remaining() != (long) n * width) {
                        throw new ProtoReader.MalformedModelException("tensor '" + name + "' has " + raw.remaining()
                                + " bytes of raw data for " + n + " values of " + width + " bytes");
                    }
                    longs = new long[n];
                    for (int k = 0; k < n; k++) {
                        longs[k] = width == 4 ? raw.getInt() : raw.getLong();
                    }
                } else {
                    longs = typedLongs.toArray();
                }
                if (longs.length != n) {
                    throw new ProtoReader.MalformedModelException("tensor '" + name + "' has " + longs.length
                            + " values for shape " + java.util.Arrays.toString(shape));
                }
                break;
            }
            default:
                // Kept without values: the graph recognizer refuses it by its type, naming the tensor.
        }
        return new Tensor(name, dataType, shape, doubles, longs);
    }

    private static void readVarints(ProtoReader r, LongList into) {
        if (r.isPacked()) {
            ProtoReader packed = r.readMessage();
            while (!packed.atEnd()) {
                into.add(packed.readVarint());
            }
        } else {
            into.add(r.readVarint());
        }
    }

    private static final class LongList {
        private long[] values = new long[4];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }

    private static final class DoubleList {
        private double[] values = new double[16];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
