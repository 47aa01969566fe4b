package dev.galatea.inference.backend.tornado;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.checkpoint.Checkpoint;
import dev.galatea.inference.checkpoint.DType;
import dev.galatea.inference.checkpoint.Tensor;
import dev.galatea.inference.kernels.Fp16;
import dev.galatea.inference.model.GptjConfig;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * GPT-J's parameters as the device takes them: matrices as fp16 bits in {@code short[]} (row-major, Hugging
 * Face's [out][in]), norms and biases as {@code float[]}. TornadoVM moves Java arrays, so the matrices are
 * copied out of the memory-mapped checkpoint into the heap once, on their way to the device.
 */
record DeviceWeights(short[] wte, List<Layer> layers, float[] lnFWeight, float[] lnFBias, short[] lmHead,
                     float[] lmHeadBias) {

    record Layer(float[] ln1Weight, float[] ln1Bias, short[] qProj, short[] kProj, short[] vProj, short[] outProj,
                 short[] fcIn, float[] fcInBias, short[] fcOut, float[] fcOutBias) {}

    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    DeviceWeights {
        layers = List.copyOf(layers);
    }

    /** Bytes of every parameter array: what the first execution sends to the device. */
    static long bytes(GptjConfig c) {
        long e = c.nEmbd();
        long matrices = 2L * c.vocabSize() * e + c.nLayer() * (4 * e * e + 2 * e * c.nInner());
        long vectors = 2 * e + c.vocabSize() + c.nLayer() * (2 * e + c.nInner() + e);
        return 2 * matrices + 4 * vectors;
    }

    static DeviceWeights copy(Checkpoint checkpoint, GptjConfig c) {
        int e = c.nEmbd();
        int inner = c.nInner();
        List<Layer> layers = new ArrayList<>(c.nLayer());
        for (int i = 0; i < c.nLayer(); i++) {
            String p = "transformer.h." + i + ".";
            layers.add(new Layer(
                    vector(checkpoint, p + "ln_1.weight", e),
                    vector(checkpoint, p + "ln_1.bias", e),
                    matrix(checkpoint, p + "attn.q_proj.weight", e, e),
                    matrix(checkpoint, p + "attn.k_proj.weight", e, e),
                    matrix(checkpoint, p + "attn.v_proj.weight", e, e),
                    matrix(checkpoint, p + "attn.out_proj.weight", e, e),
                    matrix(checkpoint, p + "mlp.fc_in.weight", inner, e),
                    vector(checkpoint, p + "mlp.fc_in.bias", inner),
                    matrix(checkpoint, p + "mlp.fc_out.weight", e, inner),
                    vector(checkpoint, p + "mlp.fc_out.bias", e)));
        }
        return new DeviceWeights(
                matrix(checkpoint, "transformer.wte.weight", c.vocabSize(), e),
                layers,
                vector(checkpoint, "transformer.ln_f.weight", e),
                vector(checkpoint, "transformer.ln_f.bias", e),
                matrix(checkpoint, "lm_head.weight", c.vocabSize(), e),
                vector(checkpoint, "lm_head.bias", c.vocabSize()));
    }

    private static short[] matrix(Checkpoint checkpoint, String name, int rows, int columns) {
        Tensor t = checkpoint.tensor(name);
        requireShape(checkpoint, t, rows, columns);
        if (t.dtype() != DType.F16) {
            throw new GalateaException(checkpoint.directory() + ": " + name + " is " + t.dtype()
                    + "; the tornado backend runs F16 weights (use --backend cpu for " + t.dtype() + ")");
        }
        short[] bits = new short[Math.toIntExact(t.elementCount())];
        MemorySegment.copy(t.data(), SHORT_LE, 0, bits, 0, bits.length);
        for (int i = 0; i < bits.length; i++) {
            if (Fp16.isNonFinite(bits[i])) {
                throw new GalateaException(checkpoint.directory() + ": " + name + " holds a NaN or infinite value at element "
                        + i + "; the checkpoint is corrupt");
            }
        }
        return bits;
    }

    private static float[] vector(Checkpoint checkpoint, String name, int length) {
        Tensor t = checkpoint.tensor(name);
        requireShape(checkpoint, t, length);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = t.getFloat(i);
        }
        return values;
    }

    private static void requireShape(Checkpoint checkpoint, Tensor t, long... expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new GalateaException(checkpoint.directory() + ": " + t.name() + " has shape " + t.shapeString()
                    + ", but config.json implies " + Arrays.toString(expected));
        }
    }
}
