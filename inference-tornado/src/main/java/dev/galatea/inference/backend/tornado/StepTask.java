package dev.galatea.inference.backend.tornado;

import dev.galatea.inference.kernels.AttentionKernels;
import dev.galatea.inference.kernels.ElementwiseKernels;
import dev.galatea.inference.kernels.MatMulKernels;
import dev.galatea.inference.kernels.NormKernels;

/**
 * One kernel launch of the decode step with its arguments bound: the same list becomes TornadoVM tasks
 * ({@code TornadoStepPlan}) or runs as plain Java ({@link #runOnHost}), so the wiring the device runs is the
 * wiring the CI tests check against the golden logits. Names are TornadoVM task names, unique in the graph.
 */
sealed interface StepTask {
    String name();

    /** Runs the kernel body on the host: loop-parallel kernels as they are, work-group kernels as their twins. */
    void runOnHost();

    record Embed(String name, short[] wte, float[] hidden, int[] step, float[] scales, int dim, int maxRows)
            implements StepTask {
        public void runOnHost() {
            ElementwiseKernels.embed(wte, hidden, step, scales, dim, maxRows);
        }
    }

    /** Work-group kernel: one group of {@code localSize} per row. */
    record LayerNorm(String name, float[] input, float[] output, float[] weight, float[] bias, int[] step, int dim,
                     float epsilon, int localSize, int maxRows) implements StepTask {
        public void runOnHost() {
            NormKernels.layerNormOnHost(input, output, weight, bias, step, dim, epsilon, localSize);
        }
    }

    /** Loop-parallel, or (WORK_GROUP) one group of {@code localSize} per output feature. */
    record MatMul(String name, TornadoSettings.MatMulForm form, short[] weight, float[] input, float[] output, int[] step,
                  float[] scales, int outDim, int inDim, int localSize, int maxRows) implements StepTask {
        public void runOnHost() {
            switch (form) {
                case PARALLEL -> MatMulKernels.matMul(weight, input, output, step, scales, outDim, inDim, maxRows);
                case WORK_GROUP -> MatMulKernels.matMulReduceOnHost(weight, input, output, step, scales, outDim, inDim, localSize);
            }
        }
    }

    record Rotary(String name, float[] query, float[] key, float[] rope, int[] step, int headDim, int rotaryDim,
                  int rotaryPairs, int dim, int maxRows) implements StepTask {
        public void runOnHost() {
            AttentionKernels.rotary(query, key, rope, step, headDim, rotaryDim, rotaryPairs, dim, maxRows);
        }
    }

    /** Work-group kernel over a fixed {@code workItems}, whatever the number of positions copied. */
    record KvCopy(String name, float[] keyCache, float[] valueCache, int[] step, int capacity, int dim, int maxRows,
                  int workItems, int localSize) implements StepTask {
        public void runOnHost() {
            AttentionKernels.kvCopyOnHost(keyCache, valueCache, step, capacity, dim, maxRows, workItems);
        }
    }

    record KvStore(String name, float[] key, float[] value, float[] keyCache, float[] valueCache, int[] step,
                   int capacity, int dim, int maxRows) implements StepTask {
        public void runOnHost() {
            AttentionKernels.kvStore(key, value, keyCache, valueCache, step, capacity, dim, maxRows);
        }
    }

    record AttentionScores(String name, float[] query, float[] keyCache, float[] scores, int[] step, int nHead,
                           int headDim, int capacity, float scale, int maxRows) implements StepTask {
        public void runOnHost() {
            AttentionKernels.attentionScores(query, keyCache, scores, step, nHead, headDim, capacity, scale, maxRows);
        }
    }

    /** Work-group kernel: one group of {@code localSize} per (row, head). */
    record AttentionSoftmax(String name, float[] scores, int[] step, int nHead, int capacity, int localSize, int maxRows)
            implements StepTask {
        public void runOnHost() {
            AttentionKernels.attentionSoftmaxOnHost(scores, step, nHead, capacity, localSize);
        }
    }

    record AttentionValues(String name, float[] scores, float[] valueCache, float[] output, int[] step, int nHead,
                           int headDim, int capacity, int maxRows) implements StepTask {
        public void runOnHost() {
            AttentionKernels.attentionValues(scores, valueCache, output, step, nHead, headDim, capacity, maxRows);
        }
    }

    record GeluNewWithBias(String name, float[] x, float[] bias, int[] step, int width, int maxRows) implements StepTask {
        public void runOnHost() {
            ElementwiseKernels.geluNewWithBias(x, bias, step, width, maxRows);
        }
    }

    record Residual(String name, float[] hidden, float[] attention, float[] mlp, float[] mlpBias, int[] step, int dim,
                    int maxRows) implements StepTask {
        public void runOnHost() {
            ElementwiseKernels.residual(hidden, attention, mlp, mlpBias, step, dim, maxRows);
        }
    }

    record LastRow(String name, float[] rows, float[] last, int[] step, int width) implements StepTask {
        public void runOnHost() {
            ElementwiseKernels.lastRow(rows, last, step, width);
        }
    }

    record AddBias(String name, float[] x, float[] bias, int[] step, int width, int maxRows) implements StepTask {
        public void runOnHost() {
            ElementwiseKernels.addBias(x, bias, step, width, maxRows);
        }
    }
}
