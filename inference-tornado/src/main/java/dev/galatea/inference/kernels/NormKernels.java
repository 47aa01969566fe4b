package dev.galatea.inference.kernels;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.math.TornadoMath;

/** LayerNorm over each row of the step, as {@code torch.nn.LayerNorm}: biased variance, epsilon inside the root. */
public final class NormKernels {
    private NormKernels() {}

    /**
     * One work-group of {@code localSize} work-items (a power of two) per row: mean, then the variance around
     * it, each a strided partial sum and a tree in local memory. Launch with a 1-D grid of
     * {@code maxRows × localSize} work-items in groups of {@code localSize}.
     */
    public static void layerNorm(KernelContext context, float[] input, float[] output, float[] weight, float[] bias,
                                 int[] step, int dim, float epsilon, int localSize) {
        int r = context.groupIdx;
        int l = context.localIdx;
        float[] partial = context.allocateFloatLocalArray(localSize);
        if (r < StepLayout.rows(step)) {
            int base = r * dim;
            partial[l] = partialSum(input, base, dim, l, localSize);
            context.localBarrier();
            for (int stride = localSize / 2; stride > 0; stride >>= 1) {
                if (l < stride) {
                    partial[l] += partial[l + stride];
                }
                context.localBarrier();
            }
            float mean = partial[0] / dim;
            context.localBarrier();
            partial[l] = partialSquaredDeviation(input, base, dim, mean, l, localSize);
            context.localBarrier();
            for (int stride = localSize / 2; stride > 0; stride >>= 1) {
                if (l < stride) {
                    partial[l] += partial[l + stride];
                }
                context.localBarrier();
            }
            float inverseStd = 1f / TornadoMath.sqrt(partial[0] / dim + epsilon);
            normalize(input, output, weight, bias, base, dim, mean, inverseStd, l, localSize);
        }
    }

    /** {@link #layerNorm} as plain Java: the same partial sums and trees, work-item by work-item. */
    public static void layerNormOnHost(float[] input, float[] output, float[] weight, float[] bias, int[] step,
                                       int dim, float epsilon, int localSize) {
        float[] partial = new float[localSize];
        int rows = StepLayout.rows(step);
        for (int r = 0; r < rows; r++) {
            int base = r * dim;
            for (int l = 0; l < localSize; l++) {
                partial[l] = partialSum(input, base, dim, l, localSize);
            }
            float mean = Reductions.treeSum(partial, localSize) / dim;
            for (int l = 0; l < localSize; l++) {
                partial[l] = partialSquaredDeviation(input, base, dim, mean, l, localSize);
            }
            float inverseStd = 1f / TornadoMath.sqrt(Reductions.treeSum(partial, localSize) / dim + epsilon);
            for (int l = 0; l < localSize; l++) {
                normalize(input, output, weight, bias, base, dim, mean, inverseStd, l, localSize);
            }
        }
    }

    private static float partialSum(float[] input, int base, int dim, int first, int stride) {
        float sum = 0f;
        for (int c = first; c < dim; c += stride) {
            sum += input[base + c];
        }
        return sum;
    }

    private static float partialSquaredDeviation(float[] input, int base, int dim, float mean, int first, int stride) {
        float sum = 0f;
        for (int c = first; c < dim; c += stride) {
            float d = input[base + c] - mean;
            sum += d * d;
        }
        return sum;
    }

    private static void normalize(float[] input, float[] output, float[] weight, float[] bias, int base, int dim,
                                  float mean, float inverseStd, int first, int stride) {
        for (int c = first; c < dim; c += stride) {
            output[base + c] = (input[base + c] - mean) * inverseStd * weight[c] + bias[c];
        }
    }
}
