package dev.galatea.inference.backend.cpu;

import dev.galatea.inference.checkpoint.DType;
import dev.galatea.inference.checkpoint.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * A PyTorch {@code nn.Linear} as the kernels read it: the weight {@code [rows = out_features, cols = in_features]}
 * left in the checkpoint's memory and dtype, and the (small) bias widened to fp32, or null when there is none.
 */
record Linear(MemorySegment data, DType dtype, int rows, int cols, float[] bias) {

    static Linear of(Tensor weight, Tensor bias) {
        long[] shape = weight.shape();
        return new Linear(weight.data(), weight.dtype(), Math.toIntExact(shape[0]), Math.toIntExact(shape[1]),
                bias == null ? null : floats(bias));
    }

    static Linear of(Tensor weight) {
        return of(weight, null);
    }

    /** A small tensor (bias, layer norm) widened to fp32. */
    static float[] floats(Tensor t) {
        float[] out = new float[Math.toIntExact(t.elementCount())];
        StoredFloats.copy(t.data(), t.dtype(), 0, out, 0, out.length);
        return out;
    }
}
