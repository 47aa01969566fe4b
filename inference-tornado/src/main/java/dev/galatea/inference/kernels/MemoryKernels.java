package dev.galatea.inference.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/** The copy a bench times on a device to measure its memory bandwidth, STREAM-style: every float read once and written once. */
public final class MemoryKernels {
    private MemoryKernels() {}

    public static void copy(float[] source, float[] target, int length) {
        for (@Parallel int i = 0; i < length; i++) {
            target[i] = source[i];
        }
    }

    /**
     * {@code seen[0] = target[length - 1]}, after the copy: four bytes the host can wait for (TornadoVM returns
     * from an execution before its kernels finish) that also show the copy ran.
     */
    public static void lastElement(float[] target, float[] seen, int length) {
        seen[0] = target[length - 1];
    }
}
