package dev.galatea.inference.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MemoryKernelsTest {
    @Test
    void copyWritesEveryElementOfTheSourceAndLastElementReportsTheEnd() {
        float[] source = KernelData.floats(new Random(3), 1000, 1.0);
        float[] target = KernelData.filled(1000, Float.NaN);
        MemoryKernels.copy(source, target, 999);
        assertArrayEquals(Arrays.copyOf(source, 999), Arrays.copyOf(target, 999));
        assertEquals(Float.NaN, target[999], "past length stays untouched");
        float[] seen = new float[1];
        MemoryKernels.lastElement(target, seen, 999);
        assertEquals(source[998], seen[0]);
    }
}
