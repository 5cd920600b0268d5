package io.policyrt.controller.policy.mlp;

import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.testing.TestSpecs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes small ONNX files for the MLP backend's tests, in the node patterns PyTorch 1.13 exports
 * (checked against the shipped files): Gemm or MatMul + Add layers, Tanh, Relu, GELU in its erf form
 * (Div, Erf, Add, Mul, Mul) and tanh form (nine nodes), float32 or float64 (Cast in and out), and a
 * Slice of the first half as the deterministic DSAC-T head does. The metadata is the tracking spec
 * of {@link TestSpecs}, so the loader accepts the files on either backend.
 */
final class TestGraphs {
    static final int FLOAT = 1;
    static final int INT64 = 7;
    static final int DOUBLE = 11;

    /** Observation width of the tracking spec. */
    static final int OBS = FeatureRegistry.tracking().names().size();

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final boolean float64;
    private final SplittableRandom random;
    private String current = "observation";
    private int width = OBS;
    private int counter;

    TestGraphs(boolean float64, long seed) {
        this.float64 = float64;
        this.random = new SplittableRandom(seed);
        if (float64) {
            node("Cast", List.of(current), attrInt("to", DOUBLE));
        }
    }

    /** A Gemm layer (transB = 1, as PyTorch writes it), weights ~ U(-1/sqrt(in), 1/sqrt(in)). */
    TestGraphs gemm(int out) {
        return gemm(out, true, 1f, 1f);
    }

    TestGraphs gemm(int out, boolean transB, float alpha, float beta) {
        double[] w = weights(width, out);
        String wn = initializer(transB ? new long[] {out, width} : new long[] {width, out},
                transB ? w : transpose(w, out, width));
        String bn = initializer(new long[] {out}, weights(1, out));
        List<byte[]> attrs = new ArrayList<>();
        attrs.add(attrFloat("alpha", alpha));
        attrs.add(attrFloat("beta", beta));
        if (transB) {
            attrs.add(attrInt("transB", 1));
        }
        node("Gemm", List.of(current, wn, bn), attrs.toArray(new byte[0][]));
        width = out;
        return this;
    }

    /** MatMul(x, W[in, out]) then Add(b, y) (bias first, to test both operand orders). */
    TestGraphs matMulAdd(int out, boolean biasFirst) {
        double[] w = weights(width, out);
        String wn = initializer(new long[] {width, out}, transpose(w, out, width));
        node("MatMul", List.of(current, wn));
        String bn = initializer(new long[] {out}, weights(1, out));
        node("Add", biasFirst ? List.of(bn, current) : List.of(current, bn));
        width = out;
        return this;
    }

    TestGraphs op(String opType) {
        node(opType, List.of(current));
        return this;
    }

    TestGraphs geluErf() {
        String x = current;
        node("Div", List.of(x, scalar(1.4142135381698608)));
        node("Erf", List.of(current));
        node("Add", List.of(current, scalar(1.0)));
        node("Mul", List.of(x, current));
        node("Mul", List.of(current, scalar(0.5)));
        return this;
    }

    TestGraphs geluTanh() {
        String x = current;
        node("Mul", List.of(x, x));
        node("Mul", List.of(x, current));
        node("Mul", List.of(scalar(0.044715), current));
        node("Add", List.of(x, current));
        node("Mul", List.of(scalar(0.7978845608028654), current));
        node("Tanh", List.of(current));
        node("Add", List.of(scalar(1.0), current));
        node("Mul", List.of(x, current));
        node("Mul", List.of(scalar(0.5), current));
        return this;
    }

    /** Slice [0:end) of the last axis with Constant inputs, as torch.chunk exports. */
    TestGraphs sliceFirst(int end) {
        String starts = constant(INT64, new long[] {1}, new long[] {0});
        String ends = constant(INT64, new long[] {1}, new long[] {end});
        String axes = constant(INT64, new long[] {1}, new long[] {1});
        String steps = constant(INT64, new long[] {1}, new long[] {1});
        node("Slice", List.of(current, starts, ends, axes, steps));
        width = end;
        return this;
    }

    /** Writes the graph (ending in a float32 output "action") with the tracking spec's metadata. */
    Path write(Path file) throws IOException {
        if (float64) {
            node("Cast", List.of(current), attrInt("to", FLOAT));
        }
        byte[] last = nodes.remove(nodes.size() - 1);
        nodes.add(renameOutput(last));
        Proto graph = new Proto();
        for (byte[] n : nodes) {
            graph.bytes(1, n);
        }
        graph.string(2, "test");
        for (byte[] t : initializers) {
            graph.bytes(5, t);
        }
        graph.bytes(11, valueInfo("observation", OBS));
        graph.bytes(12, valueInfo("action", width));
        Proto model = new Proto();
        model.varint(1, 7);
        model.string(2, "policyrt-test");
        model.bytes(7, graph.toBytes());
        model.bytes(8, new Proto().string(1, "").varint(2, 13).toBytes());
        for (Map.Entry<String, String> e : TestSpecs.trackingMetadata().entrySet()) {
            model.bytes(14, new Proto().string(1, e.getKey()).string(2, e.getValue()).toBytes());
        }
        Files.write(file, model.toBytes());
        return file;
    }

    /** The last node's output renamed to "action" (its inputs keep their names). */
    private byte[] renameOutput(byte[] ignored) {
        return lastNode.toBytes("action");
    }

    private NodeSpec lastNode;

    private record NodeSpec(String op, List<String> inputs, byte[][] attributes) {
        byte[] toBytes(String output) {
            Proto p = new Proto();
            for (String in : inputs) {
                p.string(1, in);
            }
            p.string(2, output);
            p.string(3, op + "_" + output);
            p.string(4, op);
            for (byte[] a : attributes) {
                p.bytes(5, a);
            }
            return p.toBytes();
        }
    }

    private void node(String op, List<String> inputs, byte[]... attributes) {
        String out = "/" + op + "_" + (counter++) + "_output_0";
        lastNode = new NodeSpec(op, inputs, attributes);
        nodes.add(lastNode.toBytes(out));
        current = out;
    }

    private double[] weights(int in, int out) {
        double bound = 1.0 / Math.sqrt(Math.max(in, 1));
        double[] w = new double[in * out];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextDouble(-bound, bound); // PyTorch's nn.Linear initialisation
        }
        return w;
    }

    /** [out][in] row-major to [in][out]. */
    private static double[] transpose(double[] w, int out, int in) {
        double[] t = new double[w.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                t[i * out + o] = w[o * in + i];
            }
        }
        return t;
    }

    private String initializer(long[] dims, double[] values) {
        String name = "w" + (counter++);
        initializers.add(tensor(name, float64 ? DOUBLE : FLOAT, dims, values));
        return name;
    }

    private String scalar(double value) {
        return constant(float64 ? DOUBLE : FLOAT, new long[0], new double[] {value});
    }

    private String constant(int type, long[] dims, Object values) {
        String out = "/Constant_" + (counter++) + "_output_0";
        byte[] t = type == INT64 ? longTensor("", dims, (long[]) values) : tensor("", type, dims, (double[]) values);
        Proto attr = new Proto().string(1, "value").bytes(5, t).varint(20, 4);
        nodes.add(new Proto().string(2, out).string(4, "Constant").bytes(5, attr.toBytes()).toBytes());
        return out;
    }

    static byte[] tensor(String name, int type, long[] dims, double[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * (type == DOUBLE ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (type == DOUBLE) {
                raw.putDouble(v);
            } else {
                raw.putFloat((float) v);
            }
        }
        Proto p = new Proto();
        p.packedVarints(1, dims);
        p.varint(2, type);
        p.string(8, name);
        p.bytes(9, raw.array());
        return p.toBytes();
    }

    private static byte[] longTensor(String name, long[] dims, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        Proto p = new Proto();
        p.packedVarints(1, dims);
        p.varint(2, INT64);
        p.string(8, name);
        p.bytes(9, raw.array());
        return p.toBytes();
    }

    private static byte[] attrInt(String name, long value) {
        return new Proto().string(1, name).varint(3, value).varint(20, 2).toBytes();
    }

    private static byte[] attrFloat(String name, float value) {
        return new Proto().string(1, name).fixed32(2, Float.floatToIntBits(value)).varint(20, 1).toBytes();
    }

    private static byte[] valueInfo(String name, int n) {
        Proto shape = new Proto()
                .bytes(1, new Proto().varint(1, 1).toBytes())
                .bytes(1, new Proto().varint(1, n).toBytes());
        Proto tensorType = new Proto().varint(1, FLOAT).bytes(2, shape.toBytes());
        Proto type = new Proto().bytes(1, tensorType.toBytes());
        return new Proto().string(1, name).bytes(2, type.toBytes()).toBytes();
    }

    /** A protobuf message being written. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            tag(field, 0);
            raw(value);
            return this;
        }

        Proto fixed32(int field, int value) {
            tag(field, 5);
            for (int k = 0; k < 4; k++) {
                out.write(value >>> (8 * k));
            }
            return this;
        }

        Proto bytes(int field, byte[] value) {
            tag(field, 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto packedVarints(int field, long[] values) {
            if (values.length == 0) {
                return this;
            }
            Proto inner = new Proto();
            for (long v : values) {
                inner.raw(v);
            }
            return bytes(field, inner.toBytes());
        }

        private void tag(int field, int wire) {
            raw((long) field << 3 | wire);
        }

        private void raw(long value) {
            while ((value & ~0x7fL) != 0) {
                out.write((int) (value & 0x7f) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
