package dev.galatea.inference.backend.tornado;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.checkpoint.DType;
import dev.galatea.inference.checkpoint.Tensor;
import dev.galatea.inference.kernels.Fp16;
import dev.galatea.inference.model.GptjConfig;
import dev.galatea.inference.model.GptjModel;
import dev.galatea.inference.model.GptjWeights;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** Copies the tensors {@code model} bound (names and shapes already checked against config.json). */
    static DeviceWeights copy(GptjModel model) {
        Path directory = model.checkpoint().directory();
        GptjWeights w = model.weights();
        List<Layer> layers = new ArrayList<>(w.layers().size());
        for (GptjWeights.Layer l : w.layers()) {
            layers.add(new Layer(vector(l.ln1Weight()), vector(l.ln1Bias()), matrix(directory, l.qProj()),
                    matrix(directory, l.kProj()), matrix(directory, l.vProj()), matrix(directory, l.outProj()),
                    matrix(directory, l.fcInWeight()), vector(l.fcInBias()), matrix(directory, l.fcOutWeight()),
                    vector(l.fcOutBias())));
        }
        return new DeviceWeights(matrix(directory, w.wte()), layers, vector(w.lnFWeight()), vector(w.lnFBias()),
                matrix(directory, w.lmHeadWeight()), vector(w.lmHeadBias()));
    }

    private static short[] matrix(Path directory, Tensor t) {
        if (t.dtype() != DType.F16) {
            throw new GalateaException(directory + ": " + t.name() + " is " + t.dtype()
                    + "; the tornado backend runs F16 weights (use --backend cpu for " + t.dtype() + ")");
        }
        short[] bits = new short[Math.toIntExact(t.elementCount())];
        MemorySegment.copy(t.data(), SHORT_LE, 0, bits, 0, bits.length);
        for (int i = 0; i < bits.length; i++) {
            if (Fp16.isNonFinite(bits[i])) {
                throw new GalateaException(directory + ": " + t.name() + " holds a NaN or infinite value at element "
                        + i + "; the checkpoint is corrupt");
            }
        }
        return bits;
    }

    private static float[] vector(Tensor t) {
        float[] values = new float[Math.toIntExact(t.elementCount())];
        for (int i = 0; i < values.length; i++) {
            values[i] = t.getFloat(i);
        }
        return values;
    }
}
