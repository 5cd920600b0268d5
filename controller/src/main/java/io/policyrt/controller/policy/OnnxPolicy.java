package io.policyrt.controller.policy;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * A policy evaluated by ONNX Runtime on the CPU, set up for one small network on a busy robot
 * computer: one intra-op and one inter-op thread, sequential execution, no spinning.
 *
 * <p>The input and output tensors are created once over direct native-order buffers, so a tick
 * copies the observation into native memory, runs the session into the pinned output and copies
 * the action back, with no tensors created per call. ONNX Runtime's {@code run} itself still
 * allocates a few small objects per call; the benchmarks measure how many bytes.
 */
public final class OnnxPolicy implements Policy {
    private final PolicySpec spec;
    private final OrtSession session;
    private final OnnxTensor inputTensor;
    private final OnnxTensor outputTensor;
    private final FloatBuffer inputBuffer;
    private final FloatBuffer outputBuffer;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> pinnedOutputs;
    private final String outputName;
    private String backendNote = "";

    /**
     * Takes ownership of {@code session} once constructed; validates shapes against {@code spec}.
     * When it throws, the caller still owns the session and closes it (as {@link PolicyLoader} does).
     */
    OnnxPolicy(OrtSession session, PolicySpec spec, String where) throws OrtException {
        this.session = session;
        this.spec = spec;
        if (session.getNumInputs() != 1 || session.getNumOutputs() != 1) {
            throw new PolicyLoadException(where + ": the graph must have exactly one input and one output, it has "
                    + session.getInputNames() + " in and " + session.getOutputNames() + " out");
        }
        Map.Entry<String, NodeInfo> in = session.getInputInfo().entrySet().iterator().next();
        Map.Entry<String, NodeInfo> out = session.getOutputInfo().entrySet().iterator().next();
        String inputName = in.getKey();
        outputName = out.getKey();
        long[] inShape = checkedShape(in, spec.observationSize(), "observation", "policyrt.observation.features", where);
        long[] outShape = checkedShape(out, spec.actionSize(), "action", "policyrt.action.names", where);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        inputBuffer = ByteBuffer.allocateDirect(Float.BYTES * spec.observationSize()).order(ByteOrder.nativeOrder()).asFloatBuffer();
        outputBuffer = ByteBuffer.allocateDirect(Float.BYTES * spec.actionSize()).order(ByteOrder.nativeOrder()).asFloatBuffer();
        inputTensor = OnnxTensor.createTensor(env, inputBuffer, inShape);
        outputTensor = OnnxTensor.createTensor(env, outputBuffer, outShape);
        inputs = Map.of(inputName, inputTensor);
        pinnedOutputs = Map.of(outputName, outputTensor);

        try {
            PolicyLoader.requireFiniteOnZeroObservation(this, where);
        } catch (RuntimeException e) {
            inputTensor.close();
            outputTensor.close();
            throw e;
        }
    }

    private static long[] checkedShape(Map.Entry<String, NodeInfo> node, int expected, String what, String key, String where) {
        if (!(node.getValue().getInfo() instanceof TensorInfo)) {
            throw new PolicyLoadException(where + ": " + what + " '" + node.getKey() + "' is not a tensor");
        }
        TensorInfo info = (TensorInfo) node.getValue().getInfo();
        if (info.type != OnnxJavaType.FLOAT) {
            throw new PolicyLoadException(where + ": " + what + " '" + node.getKey() + "' is " + info.type + ", expected FLOAT");
        }
        long[] shape = info.getShape();
        long last = shape.length == 0 ? -2 : shape[shape.length - 1];
        boolean batchOk = shape.length == 1 || (shape.length == 2 && (shape[0] == 1 || shape[0] < 0));
        if (!batchOk || last != expected) {
            throw new PolicyLoadException(where + ": graph " + what + " '" + node.getKey() + "' has shape "
                    + java.util.Arrays.toString(shape) + " but the spec (" + key + ") names " + expected
                    + " values; expected [1, " + expected + "]");
        }
        return shape.length == 1 ? new long[] {expected} : new long[] {1, expected};
    }

    @Override
    public PolicySpec spec() {
        return spec;
    }

    /** Why ONNX Runtime runs this file (set by the loader), shown by {@link #backend()}. */
    void noteBackend(String note) {
        backendNote = note;
    }

    @Override
    public String backend() {
        return backendNote.isEmpty() ? "onnxruntime" : "onnxruntime; " + backendNote;
    }

    public String outputName() {
        return outputName;
    }

    @Override
    public void act(float[] observation, float[] action) {
        inputBuffer.put(0, observation, 0, spec.observationSize());
        try {
            session.run(inputs, pinnedOutputs).close();
        } catch (OrtException e) {
            throw new PolicyFailureException("ONNX Runtime failed: " + e.getMessage(), e);
        }
        outputBuffer.get(0, action, 0, spec.actionSize());
    }

    @Override
    public void close() {
        inputTensor.close();
        outputTensor.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX session failed", e);
        }
    }
}
