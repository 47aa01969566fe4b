package dev.galatea.inference.kernels;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * {@code output[r][o] = Σ_k weight[o][k] · input[r][k]} for every row r of the step: the projections, the MLP
 * and lm_head. Weights are row-major fp16 bits ({@code [outDim][inDim]}, as Hugging Face's Linear stores
 * them); inputs, outputs and the accumulation are fp32. One step's rows share each weight row, which a
 * work-item (or work-group) reads for all rows while it is in cache: decode of N sequences and prefill of N
 * tokens read the weights once.
 */
public final class MatMulKernels {
    private MatMulKernels() {}

    /** One work-item per (row, output feature), each a sequential dot product. */
    public static void matMul(short[] weight, float[] input, float[] output, int[] step, float[] scales,
                              int outDim, int inDim, int maxRows) {
        for (@Parallel int r = 0; r < maxRows; r++) {
            for (@Parallel int o = 0; o < outDim; o++) {
                if (r < StepLayout.rows(step)) {
                    output[r * outDim + o] = partialDot(weight, o * inDim, input, r * inDim, inDim, 0, 1, scales);
                }
            }
        }
    }

    /**
     * One work-group of {@code localSize} work-items (a power of two) per output feature: work-item l sums
     * the inputs l, l + localSize, … and the group adds the partial sums as a tree in local memory.
     * Launch with a 1-D grid of {@code outDim × localSize} work-items in groups of {@code localSize}.
     */
    public static void matMulReduce(KernelContext context, short[] weight, float[] input, float[] output, int[] step,
                                    float[] scales, int outDim, int inDim, int localSize) {
        int o = context.groupIdx;
        int l = context.localIdx;
        float[] partial = context.allocateFloatLocalArray(localSize);
        int rows = StepLayout.rows(step);
        for (int r = 0; r < rows; r++) {
            partial[l] = partialDot(weight, o * inDim, input, r * inDim, inDim, l, localSize, scales);
            context.localBarrier();
            for (int stride = localSize / 2; stride > 0; stride >>= 1) {
                if (l < stride) {
                    partial[l] += partial[l + stride];
                }
                context.localBarrier();
            }
            if (l == 0) {
                output[r * outDim + o] = partial[0];
            }
            context.localBarrier();
        }
    }

    /** {@link #matMulReduce} as plain Java: the same partial sums and the same tree, work-item by work-item. */
    public static void matMulReduceOnHost(short[] weight, float[] input, float[] output, int[] step, float[] scales,
                                   int outDim, int inDim, int localSize) {
        float[] partial = new float[localSize];
        int rows = StepLayout.rows(step);
        for (int o = 0; o < outDim; o++) {
            for (int r = 0; r < rows; r++) {
                for (int l = 0; l < localSize; l++) {
                    partial[l] = partialDot(weight, o * inDim, input, r * inDim, inDim, l, localSize, scales);
                }
                output[r * outDim + o] = Reductions.treeSum(partial, localSize);
            }
        }
    }

    /** Σ weight[w + k] · input[x + k] over k = first, first + stride, … below length, in that order. */
    private static float partialDot(short[] weight, int w, float[] input, int x, int length, int first, int stride,
                            float[] scales) {
        float sum = 0f;
        for (int k = first; k < length; k += stride) {
            sum += Fp16.decode(weight[w + k], scales) * input[x + k];
        }
        return sum;
    }
}
