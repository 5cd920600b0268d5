package io.policyrt.controller.policy.mlp;

import io.policyrt.controller.policy.mlp.OnnxModelFile.Node;
import io.policyrt.controller.policy.mlp.OnnxModelFile.Tensor;
import io.policyrt.controller.policy.mlp.OnnxModelFile.ValueInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX graph recognised as a chain of dense layers and elementwise activations, the shape of
 * every actor our exporters write:
 *
 * <pre>
 *   observation [1, n] float32
 *     (Cast to float64)                              only in float64 graphs, first
 *     Gemm(x, W, b)  or  MatMul(x, W) (+ Add b)      dense layer; Gemm's alpha, beta and transB are honoured
 *     Tanh | Relu | GELU                             GELU as PyTorch exports it: erf form
 *                                                    x * (erf(x / sqrt2) + 1) * 0.5, or tanh form
 *                                                    0.5 * (x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))))
 *     ... repeated ...
 *     (Slice on the last axis)                       the mean half of [mean, log_std]
 *     (Tanh)                                         the deterministic action tanh(mean)
 *     (Cast to float32)                              only in float64 graphs, last
 *   action [1, m] float32
 * </pre>
 *
 * The GELU constants are read from the graph and used as written. Any other operator, a branch,
 * a second input or output, or a weight of the wrong type is refused with an
 * {@link UnsupportedGraphException} that names the node and its operator.
 */
public final class MlpGraph {
    /** The arithmetic the graph computes in. */
    public enum Precision {
        FLOAT32, FLOAT64
    }

    /** Elementwise activations. */
    public enum Activation {
        TANH("tanh"), RELU("relu"), GELU_ERF("gelu-erf"), GELU_TANH("gelu-tanh");

        private final String label;

        Activation(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One step of the chain. */
    public sealed interface Stage permits Dense, Elementwise, Slice {
        /** Width of the vector this stage produces. */
        int outputSize();
    }

    /**
     * y = W x + b with W row-major [out][in] (alpha and beta of a Gemm already folded in).
     */
    public record Dense(int inputSize, int outputSize, double[] weights, double[] bias) implements Stage {
    }

    /**
     * An activation applied to every element. {@code constants}: GELU erf form {divisor, one, half};
     * GELU tanh form {cubic, scale, one, half}; none for tanh and relu.
     */
    public record Elementwise(Activation activation, int outputSize, double[] constants) implements Stage {
    }

    /** Keeps elements [start, end) of the vector. */
    public record Slice(int start, int end) implements Stage {
        @Override
        public int outputSize() {
            return end - start;
        }
    }

    private static final String SUPPORTED = "Gemm, MatMul, Add (a dense layer's bias), Tanh, Relu, GELU in its erf and tanh"
            + " forms, Slice on the last axis, Cast between float32 and float64";

    private final Precision precision;
    private final String inputName;
    private final String outputName;
    private final int inputSize;
    private final List<Stage> stages;

    private MlpGraph(Precision precision, String inputName, String outputName, int inputSize, List<Stage> stages) {
        this.precision = precision;
        this.inputName = inputName;
        this.outputName = outputName;
        this.inputSize = inputSize;
        this.stages = List.copyOf(stages);
    }

    public Precision precision() {
        return precision;
    }

    /**
     * The same layers evaluated in {@code arithmetic}: float32 weights are exact in float64; a
     * float64 graph's weights are rounded to float32 by the float32 evaluators, which shows what
     * deploying the same policy as a float32 graph would change.
     */
    public MlpGraph withPrecision(Precision arithmetic) {
        return new MlpGraph(arithmetic, inputName, outputName, inputSize, stages);
    }

    public String inputName() {
        return inputName;
    }

    public String outputName() {
        return outputName;
    }

    public int inputSize() {
        return inputSize;
    }

    public int outputSize() {
        return stages.get(stages.size() - 1).outputSize();
    }

    public List<Stage> stages() {
        return stages;
    }

    /** Multiply-adds of one evaluation (the dense layers'). */
    public long multiplyAdds() {
        long n = 0;
        for (Stage s : stages) {
            if (s instanceof Dense) {
                Dense d = (Dense) s;
                n += (long) d.inputSize() * d.outputSize();
            }
        }
        return n;
    }

    /** One line, e.g. {@code float64 13 -> 256 gelu-tanh -> 256 gelu-tanh -> 4 -> [0:2] -> tanh}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(precision == Precision.FLOAT32 ? "float32 " : "float64 ").append(inputSize);
        for (Stage s : stages) {
            if (s instanceof Dense) {
                sb.append(" -> ").append(s.outputSize());
            } else if (s instanceof Elementwise) {
                sb.append(' ').append(((Elementwise) s).activation().label());
            } else {
                Slice slice = (Slice) s;
                sb.append(" -> [").append(slice.start()).append(':').append(slice.end()).append(']');
            }
        }
        return sb.toString();
    }

    /**
     * Recognises {@code model}'s graph.
     *
     * @param where prefixed to every message (the file)
     * @throws UnsupportedGraphException naming the first node that does not fit
     */
    public static MlpGraph recognize(OnnxModelFile model, String where) {
        return new Matcher(model, where).match();
    }

    /** Walks the nodes in order, keeping the name of the one value that flows down the chain. */
    private static final class Matcher {
        private final OnnxModelFile model;
        private final String where;
        private final Map<String, Tensor> constants = new HashMap<>();
        private final List<Node> nodes = new ArrayList<>();
        private final List<Stage> stages = new ArrayList<>();
        private int next;
        private String current;
        private int width;
        private Precision precision = Precision.FLOAT32;

        Matcher(OnnxModelFile model, String where) {
            this.model = model;
            this.where = where;
            constants.putAll(model.initializers());
            for (Node n : model.nodes()) {
                if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx")) {
                    throw refuse(n, "is in operator domain '" + n.domain() + "'");
                }
                if (n.opType().equals("Constant")) {
                    Tensor value = n.attributes().containsKey("value") ? n.attributes().get("value").t() : null;
                    if (value == null || n.outputs().size() != 1) {
                        throw refuse(n, "is a Constant without a tensor 'value'");
                    }
                    constants.put(n.outputs().get(0), value);
                } else {
                    nodes.add(n);
                }
            }
        }

        MlpGraph match() {
            if (model.inputs().size() != 1 || model.outputs().size() != 1) {
                throw new UnsupportedGraphException(where + ": the MLP backend needs one graph input and one output, the graph has "
                        + model.inputs().size() + " and " + model.outputs().size());
            }
            ValueInfo in = model.inputs().get(0);
            ValueInfo out = model.outputs().get(0);
            if (in.elemType() != OnnxModelFile.FLOAT || out.elemType() != OnnxModelFile.FLOAT) {
                throw new UnsupportedGraphException(where + ": the MLP backend needs a float32 input and output, the graph has "
                        + typeName(in.elemType()) + " in and " + typeName(out.elemType()) + " out");
            }
            width = vectorWidth(in, "input");
            int inputSize = width;
            current = in.name();

            if (next < nodes.size() && nodes.get(next).opType().equals("Cast")) {
                Node cast = nodes.get(next);
                requireChainInput(cast, 0);
                if (cast.intAttribute("to", 0) != OnnxModelFile.DOUBLE) {
                    throw refuse(cast, "casts the input to " + typeName((int) cast.intAttribute("to", 0))
                            + "; only a cast to float64 (a float64 graph) is supported");
                }
                precision = Precision.FLOAT64;
                current = cast.outputs().get(0);
                next++;
            }
            boolean castBack = false;
            while (next < nodes.size()) {
                Node n = nodes.get(next);
                switch (n.opType()) {
                    case "Gemm":
                        gemm(n);
                        break;
                    case "MatMul":
                        matMul(n);
                        break;
                    case "Tanh":
                        unary(n, Activation.TANH);
                        break;
                    case "Relu":
                        unary(n, Activation.RELU);
                        break;
                    case "Div":
                        geluErf(n);
                        break;
                    case "Mul":
                        geluTanh(n);
                        break;
                    case "Slice":
                        slice(n);
                        break;
                    case "Cast":
                        requireChainInput(n, 0);
                        if (precision != Precision.FLOAT64 || next != nodes.size() - 1
                                || n.intAttribute("to", 0) != OnnxModelFile.FLOAT) {
                            throw refuse(n, "is a Cast other than the final cast of a float64 graph's result to float32");
                        }
                        current = n.outputs().get(0);
                        castBack = true;
                        next++;
                        break;
                    default:
                        throw refuse(n, "is not an operator the MLP backend runs (it runs " + SUPPORTED + ")");
                }
            }
            if (precision == Precision.FLOAT64 && !castBack) {
                throw new UnsupportedGraphException(where + ": a float64 graph must end with a Cast of its result to float32");
            }
            if (stages.stream().noneMatch(s -> s instanceof Dense)) {
                throw new UnsupportedGraphException(where + ": the graph has no dense layer (Gemm or MatMul)");
            }
            if (!current.equals(out.name())) {
                throw new UnsupportedGraphException(where + ": the chain of layers ends in '" + current
                        + "' but the graph output is '" + out.name() + "'");
            }
            int outputWidth = vectorWidth(out, "output");
            if (outputWidth != width) {
                throw new UnsupportedGraphException(where + ": the graph output '" + out.name() + "' has " + outputWidth
                        + " values but the layers compute " + width);
            }
            return new MlpGraph(precision, in.name(), out.name(), inputSize, stages);
        }

        private void gemm(Node n) {
            requireChainInput(n, 0);
            if (n.inputs().size() < 2 || n.inputs().size() > 3) {
                throw refuse(n, "has " + n.inputs().size() + " inputs");
            }
            if (n.intAttribute("transA", 0) != 0) {
                throw refuse(n, "has transA = 1");
            }
            boolean transB = n.intAttribute("transB", 0) != 0;
            double alpha = n.floatAttribute("alpha", 1f);
            double beta = n.floatAttribute("beta", 1f);
            Tensor b = weightTensor(n, n.inputs().get(1), 2);
            int rows = (int) b.dims()[0];
            int cols = (int) b.dims()[1];
            int in = transB ? cols : rows;
            int out = transB ? rows : cols;
            if (in != width) {
                throw refuse(n, "multiplies a vector of " + width + " values by a weight of shape " + Arrays.toString(b.dims())
                        + (transB ? " (transposed)" : ""));
            }
            double[] w = new double[in * out];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    w[o * in + i] = alpha * (transB ? b.doubles()[o * in + i] : b.doubles()[i * out + o]);
                }
            }
            double[] bias = new double[out];
            if (n.inputs().size() == 3 && !n.inputs().get(2).isEmpty()) {
                double[] c = biasValues(n, n.inputs().get(2), out);
                for (int o = 0; o < out; o++) {
                    bias[o] = beta * c[o];
                }
            }
            stages.add(new Dense(in, out, w, bias));
            advance(n, out);
        }

        private void matMul(Node n) {
            requireChainInput(n, 0);
            if (n.inputs().size() != 2) {
                throw refuse(n, "has " + n.inputs().size() + " inputs");
            }
            Tensor b = weightTensor(n, n.inputs().get(1), 2);
            int in = (int) b.dims()[0];
            int out = (int) b.dims()[1];
            if (in != width) {
                throw refuse(n, "multiplies a vector of " + width + " values by a weight of shape " + Arrays.toString(b.dims()));
            }
            double[] w = new double[in * out];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    w[o * in + i] = b.doubles()[i * out + o];
                }
            }
            double[] bias = new double[out];
            advance(n, out);
            if (next < nodes.size() && nodes.get(next).opType().equals("Add")) {
                Node add = nodes.get(next);
                int chain = chainOperand(add);
                if (chain >= 0) {
                    bias = biasValues(add, add.inputs().get(1 - chain), out);
                    advance(add, out);
                }
            }
            stages.add(new Dense(in, out, w, bias));
        }

        private void unary(Node n, Activation activation) {
            requireChainInput(n, 0);
            if (n.inputs().size() != 1) {
                throw refuse(n, "has " + n.inputs().size() + " inputs");
            }
            stages.add(new Elementwise(activation, width, new double[0]));
            advance(n, width);
        }

        /** x * (erf(x / d) + 1) * 0.5: Div, Erf, Add, Mul, Mul. */
        private void geluErf(Node div) {
            String x = current;
            requireChainInput(div, 0);
            double d = scalar(div, div.inputs().get(1));
            Node erf = expect(div, "Erf", "a GELU's Div");
            requireInput(erf, 0, div.outputs().get(0));
            Node add = expect(erf, "Add", "a GELU's Erf");
            double one = scalar(add, otherOperand(add, erf.outputs().get(0)));
            Node mul = expect(add, "Mul", "a GELU's Add");
            requireOperands(mul, x, add.outputs().get(0));
            Node half = expect(mul, "Mul", "a GELU's Mul");
            double h = scalar(half, otherOperand(half, mul.outputs().get(0)));
            stages.add(new Elementwise(Activation.GELU_ERF, width, new double[] {d, one, h}));
            next += 5;
            current = half.outputs().get(0);
        }

        /** 0.5 * (x * (1 + tanh(s * (x + c * (x * (x * x)))))): Mul, Mul, Mul, Add, Mul, Tanh, Add, Mul, Mul. */
        private void geluTanh(Node square) {
            String x = current;
            if (!square.inputs().equals(List.of(x, x))) {
                throw refuse(square, "is a Mul that does not start a GELU (x * x); a Mul elsewhere is not supported");
            }
            Node cube = expect(square, "Mul", "a GELU's x * x");
            requireOperands(cube, x, square.outputs().get(0));
            Node scaledCube = expect(cube, "Mul", "a GELU's x^3");
            double c = scalar(scaledCube, otherOperand(scaledCube, cube.outputs().get(0)));
            Node sum = expect(scaledCube, "Add", "a GELU's c * x^3");
            requireOperands(sum, x, scaledCube.outputs().get(0));
            Node scaled = expect(sum, "Mul", "a GELU's x + c * x^3");
            double s = scalar(scaled, otherOperand(scaled, sum.outputs().get(0)));
            Node tanh = expect(scaled, "Tanh", "a GELU's scaled sum");
            requireInput(tanh, 0, scaled.outputs().get(0));
            Node onePlus = expect(tanh, "Add", "a GELU's Tanh");
            double one = scalar(onePlus, otherOperand(onePlus, tanh.outputs().get(0)));
            Node times = expect(onePlus, "Mul", "a GELU's 1 + tanh");
            requireOperands(times, x, onePlus.outputs().get(0));
            Node half = expect(times, "Mul", "a GELU's x * (1 + tanh)");
            double h = scalar(half, otherOperand(half, times.outputs().get(0)));
            stages.add(new Elementwise(Activation.GELU_TANH, width, new double[] {c, s, one, h}));
            next += 9;
            current = half.outputs().get(0);
        }

        private void slice(Node n) {
            requireChainInput(n, 0);
            long start;
            long end;
            long axis = -1;
            long step = 1;
            if (n.inputs().size() == 1) { // opset < 10: attributes
                OnnxModelFile.Attribute s = n.attributes().get("starts");
                OnnxModelFile.Attribute e = n.attributes().get("ends");
                OnnxModelFile.Attribute a = n.attributes().get("axes");
                if (s == null || e == null || s.ints().length != 1 || e.ints().length != 1) {
                    throw refuse(n, "slices more than one axis");
                }
                start = s.ints()[0];
                end = e.ints()[0];
                if (a != null) {
                    if (a.ints().length != 1) {
                        throw refuse(n, "slices more than one axis");
                    }
                    axis = a.ints()[0];
                }
            } else {
                start = oneInt(n, 1);
                end = oneInt(n, 2);
                if (n.inputs().size() > 3 && !n.inputs().get(3).isEmpty()) {
                    axis = oneInt(n, 3);
                }
                if (n.inputs().size() > 4 && !n.inputs().get(4).isEmpty()) {
                    step = oneInt(n, 4);
                }
            }
            // The chain's value is [1, width]: the last axis is 1 or -1.
            if (axis != 1 && axis != -1) {
                throw refuse(n, "slices axis " + axis + "; only the last axis of a [1, n] value is supported");
            }
            if (step != 1) {
                throw refuse(n, "slices with step " + step + "; only step 1 is supported");
            }
            int from = (int) clampIndex(start, width);
            int to = (int) clampIndex(end, width);
            if (to <= from) {
                throw refuse(n, "keeps no values ([" + start + ":" + end + "] of " + width + ")");
            }
            stages.add(new Slice(from, to));
            advance(n, to - from);
        }

        private static long clampIndex(long index, int size) {
            long i = index < 0 ? index + size : index;
            return Math.max(0, Math.min(size, i));
        }

        private long oneInt(Node n, int input) {
            Tensor t = constants.get(n.inputs().get(input));
            if (t == null || t.longs().length != 1) {
                throw refuse(n, "takes input " + input + " ('" + n.inputs().get(input) + "') that is not one constant integer");
            }
            return t.longs()[0];
        }

        private Tensor weightTensor(Node n, String name, int rank) {
            Tensor t = constants.get(name);
            if (t == null) {
                throw refuse(n, "takes '" + name + "' as its weight, which is not a constant of the graph");
            }
            if (t.dims().length != rank) {
                throw refuse(n, "has a weight '" + name + "' of shape " + Arrays.toString(t.dims()) + ", expected rank " + rank);
            }
            requirePrecision(n, t);
            return t;
        }

        private double[] biasValues(Node n, String name, int out) {
            Tensor t = constants.get(name);
            if (t == null) {
                throw refuse(n, "adds '" + name + "', which is not a constant of the graph");
            }
            requirePrecision(n, t);
            long size = t.size();
            boolean vector = size == out && (t.dims().length == 1 || (t.dims().length == 2 && t.dims()[0] == 1));
            boolean scalar = size == 1;
            if (!vector && !scalar) {
                throw refuse(n, "adds '" + name + "' of shape " + Arrays.toString(t.dims()) + " to a vector of " + out + " values");
            }
            double[] b = new double[out];
            for (int o = 0; o < out; o++) {
                b[o] = t.doubles()[vector ? o : 0];
            }
            return b;
        }

        private void requirePrecision(Node n, Tensor t) {
            int expected = precision == Precision.FLOAT64 ? OnnxModelFile.DOUBLE : OnnxModelFile.FLOAT;
            if (t.dataType() != expected) {
                throw refuse(n, "uses '" + t.name() + "' of type " + typeName(t.dataType()) + " in a "
                        + (precision == Precision.FLOAT64 ? "float64" : "float32") + " graph");
            }
        }

        private double scalar(Node n, String name) {
            Tensor t = constants.get(name);
            if (t == null || t.size() != 1 || !t.isFloatingPoint()) {
                throw refuse(n, "takes '" + name + "' where a GELU has a scalar constant");
            }
            requirePrecision(n, t);
            return t.doubles()[0];
        }

        /** The next compute node, which must be {@code op} and take {@code previous}'s output. */
        private Node expect(Node previous, String op, String after) {
            int index = nodes.indexOf(previous) + 1;
            if (index >= nodes.size() || !nodes.get(index).opType().equals(op)) {
                Node found = index < nodes.size() ? nodes.get(index) : previous;
                throw refuse(found, "follows " + after + " where a GELU has " + op
                        + "; this arrangement of elementwise operators is not supported");
            }
            return nodes.get(index);
        }

        private String otherOperand(Node n, String operand) {
            if (n.inputs().size() == 2 && n.inputs().get(0).equals(operand)) {
                return n.inputs().get(1);
            }
            if (n.inputs().size() == 2 && n.inputs().get(1).equals(operand)) {
                return n.inputs().get(0);
            }
            throw refuse(n, "does not take '" + operand + "'");
        }

        private void requireOperands(Node n, String a, String b) {
            if (!(n.inputs().equals(List.of(a, b)) || n.inputs().equals(List.of(b, a)))) {
                throw refuse(n, "takes " + n.inputs() + " where a GELU takes [" + a + ", " + b + "]");
            }
        }

        private void requireInput(Node n, int index, String name) {
            if (n.inputs().size() <= index || !n.inputs().get(index).equals(name)) {
                throw refuse(n, "does not take '" + name + "' as input " + index + "; the graph is not a chain of layers");
            }
        }

        private void requireChainInput(Node n, int index) {
            requireInput(n, index, current);
        }

        /** -1 when neither operand of {@code add} is the chain's value. */
        private int chainOperand(Node add) {
            if (add.inputs().size() != 2) {
                return -1;
            }
            return add.inputs().get(0).equals(current) ? 0 : add.inputs().get(1).equals(current) ? 1 : -1;
        }

        private void advance(Node n, int newWidth) {
            if (n.outputs().size() != 1) {
                throw refuse(n, "has " + n.outputs().size() + " outputs");
            }
            current = n.outputs().get(0);
            width = newWidth;
            next++;
        }

        private int vectorWidth(ValueInfo v, String what) {
            long[] d = v.dims();
            boolean ok = (d.length == 1 && d[0] > 0) || (d.length == 2 && (d[0] == 1 || d[0] < 0) && d[1] > 0);
            if (!ok) {
                throw new UnsupportedGraphException(where + ": the graph " + what + " '" + v.name() + "' has shape "
                        + Arrays.toString(d) + "; the MLP backend needs [1, n] or [n]");
            }
            return (int) d[d.length - 1];
        }

        private UnsupportedGraphException refuse(Node n, String why) {
            String name = n.outputs().isEmpty() ? "?" : n.outputs().get(0);
            return new UnsupportedGraphException(where + ": the MLP backend cannot run this graph: node " + n.opType()
                    + " (output '" + name + "') " + why);
        }

        private static String typeName(int type) {
            switch (type) {
                case OnnxModelFile.FLOAT:
                    return "float32";
                case OnnxModelFile.DOUBLE:
                    return "float64";
                case OnnxModelFile.INT64:
                    return "int64";
                case OnnxModelFile.INT32:
                    return "int32";
                default:
                    return "ONNX type " + type;
            }
        }
    }
}
