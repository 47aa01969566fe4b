package dev.galatea.inference.backend.tornado;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.kernels.Fp16;
import dev.galatea.inference.kernels.StepLayout;
import dev.galatea.inference.model.GptjConfig;
import java.util.Locale;

/**
 * Bytes the decode step keeps on the device, known from config.json and the settings before anything is
 * copied, so a model that cannot fit is refused with numbers instead of failing halfway through a transfer.
 * TornadoVM mirrors host arrays, so the Java heap holds the same bytes.
 *
 * @param parameters   weights, the fp16 scale table and the rotary table: sent once
 * @param kvCache      keys and values of every slot and layer: stay on the device
 * @param activations  per-step buffers: the step description, hidden states, scores, logits and their last row
 * @param largestArray the biggest single array, which must fit one device allocation
 */
record StepFootprint(long parameters, long kvCache, long activations, long largestArray) {
    /** What the JVM allows for one array, a little under Integer.MAX_VALUE. */
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    /** The footprint of {@code s} for model {@code c}; settings the model or Java arrays cannot take are refused. */
    static StepFootprint of(GptjConfig c, TornadoSettings s) {
        if (s.contextLength() > c.nPositions()) {
            throw new GalateaException("tornado contextLength " + s.contextLength() + " exceeds n_positions "
                    + c.nPositions() + " in config.json");
        }
        long e = c.nEmbd();
        long rows = s.maxRows();
        long cacheElements = requireArray((long) s.slots() * s.contextLength() * e, "slots × contextLength × n_embd");
        long scoreElements = requireArray(rows * c.nHead() * s.contextLength(), "maxRows × n_head × contextLength");
        long logitElements = requireArray(rows * c.vocabSize(), "maxRows × vocab_size");
        long parameters = DeviceWeights.bytes(c) + Fp16.EXPONENTS * Float.BYTES
                + (long) s.contextLength() * c.rotaryDim() * Float.BYTES;
        long activations = (long) StepLayout.length(s.maxRows()) * Integer.BYTES
                + Float.BYTES * (rows * (8 * e + c.nInner()) + scoreElements + logitElements + c.vocabSize() + e);
        long largest = Math.max(Math.max(2L * c.vocabSize() * e, Float.BYTES * cacheElements),
                Float.BYTES * Math.max(logitElements, scoreElements));
        return new StepFootprint(parameters, 2 * c.nLayer() * Float.BYTES * cacheElements, activations, largest);
    }

    private static long requireArray(long elements, String what) {
        if (elements > MAX_ARRAY_LENGTH) {
            throw new GalateaException("tornado " + what + " = " + elements
                    + " elements is more than one Java array holds; lower the tornado slots, contextLength or maxRows");
        }
        return elements;
    }

    long total() {
        return parameters + kvCache + activations;
    }

    /** Refuses, before any transfer, a step the device cannot hold. */
    void requireFits(TornadoDeviceInfo device, TornadoSettings s) {
        if (total() > device.globalMemory()) {
            throw new GalateaException("the model needs " + size(total()) + " of device memory (weights " + size(parameters)
                    + ", KV cache " + size(kvCache) + " for " + s.slots() + " sequences of " + s.contextLength()
                    + " positions, activations " + size(activations) + "), but " + device.name() + " has "
                    + size(device.globalMemory()) + "; lower the tornado slots or contextLength, or use --backend cpu");
        }
        if (largestArray > device.maxAllocation()) {
            throw new GalateaException("the model's largest buffer needs " + size(largestArray) + ", but " + device.name()
                    + " allocates at most " + size(device.maxAllocation()) + " at once; use --backend cpu");
        }
    }

    /** TornadoVM moves Java arrays, so every device buffer has its twin in the heap. */
    void requireHeap(long availableHeap) {
        if (total() > availableHeap) {
            throw new GalateaException("the tornado backend keeps a heap copy of its " + size(total())
                    + " of device buffers, but only " + size(availableHeap) + " of Java heap is free; raise -Xmx"
                    + " or lower the tornado slots or contextLength");
        }
    }

    /** "12.70 GiB", or "14.4 MiB" below a GiB. */
    static String size(long bytes) {
        return bytes >= 1L << 30
                ? String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
