package dev.galatea.inference.kernels;

/**
 * The local-memory tree reductions of the KernelContext kernels, done on the host the way a work-group does
 * them: at each stride, work-items {@code l < stride} combine {@code partial[l]} with {@code partial[l + stride]}.
 * The kernels spell the tree out inline, with a barrier per level, because TornadoVM cannot pass a local
 * array to a helper method.
 */
final class Reductions {
    private Reductions() {}

    static float treeSum(float[] partial, int localSize) {
        for (int stride = localSize / 2; stride > 0; stride >>= 1) {
            for (int l = 0; l < stride; l++) {
                partial[l] += partial[l + stride];
            }
        }
        return partial[0];
    }

    static float treeMax(float[] partial, int localSize) {
        for (int stride = localSize / 2; stride > 0; stride >>= 1) {
            for (int l = 0; l < stride; l++) {
                partial[l] = Math.max(partial[l], partial[l + stride]);
            }
        }
        return partial[0];
    }
}
