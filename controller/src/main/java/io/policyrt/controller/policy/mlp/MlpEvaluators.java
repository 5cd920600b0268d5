package io.policyrt.controller.policy.mlp;

import java.lang.reflect.InvocationTargetException;

/** Chooses the evaluator of a recognised graph: the Vector API one when the JVM has the module. */
public final class MlpEvaluators {
    /** Which arithmetic to use. */
    public enum Implementation {
        /** The Vector API when {@code jdk.incubator.vector} is in the boot layer, else scalar. */
        AUTO,
        /** Plain Java loops (the JIT's own vectorization). */
        SCALAR,
        /** The incubator Vector API; fails when the JVM was started without the module. */
        VECTOR
    }

    private static final String MODULE = "jdk.incubator.vector";

    private MlpEvaluators() {
    }

    /** True when the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    public static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    public static MlpEvaluator create(MlpGraph graph) {
        return create(graph, Implementation.AUTO);
    }

    public static MlpEvaluator create(MlpGraph graph, Implementation implementation) {
        boolean vector = implementation == Implementation.VECTOR
                || (implementation == Implementation.AUTO && vectorApiAvailable());
        boolean float64 = graph.precision() == MlpGraph.Precision.FLOAT64;
        if (!vector) {
            return float64 ? new ScalarEvaluator64(graph) : new ScalarEvaluator32(graph);
        }
        if (!vectorApiAvailable()) {
            throw new IllegalStateException("the Vector API evaluator needs the JVM option --add-modules " + MODULE);
        }
        // By name, so that this class loads on a JVM without the module.
        String name = MlpEvaluators.class.getPackageName() + (float64 ? ".VectorEvaluator64" : ".VectorEvaluator32");
        try {
            return (MlpEvaluator) Class.forName(name).getDeclaredConstructor(MlpGraph.class).newInstance(graph);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException("cannot create " + name + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot create " + name + ": " + e, e);
        }
    }
}
