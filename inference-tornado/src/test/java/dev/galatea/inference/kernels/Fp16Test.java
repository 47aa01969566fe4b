package dev.galatea.inference.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Fp16Test {
    private final float[] scales = Fp16.exponentScales();

    @Test
    void decodesEveryFiniteBitPatternExactlyAsFloat16ToFloat() {
        int finite = 0;
        for (int pattern = 0; pattern < 1 << 16; pattern++) {
            short h = (short) pattern;
            if (Fp16.isNonFinite(h)) {
                continue;
            }
            float expected = Float.float16ToFloat(h);
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(Fp16.decode(h, scales)),
                    () -> String.format("fp16 0x%04x should decode to %s", h, expected));
            finite++;
        }
        assertEquals(65536 - 2 * 1024, finite, "every pattern but the 2 × 1024 with exponent 31 is finite");
    }

    @Test
    void decodesInfinitiesAndNaNsToAnInfinityOfTheirSign() {
        for (int mantissa = 0; mantissa < 1024; mantissa++) {
            short positive = (short) (0x7C00 | mantissa);
            short negative = (short) (0xFC00 | mantissa);
            assertTrue(Fp16.isNonFinite(positive) && Fp16.isNonFinite(negative));
            assertEquals(Float.POSITIVE_INFINITY, Fp16.decode(positive, scales), "0x7c00 | " + mantissa);
            assertEquals(Float.NEGATIVE_INFINITY, Fp16.decode(negative, scales), "0xfc00 | " + mantissa);
        }
        assertFalse(Fp16.isNonFinite(Float.floatToFloat16(65504f)), "the largest finite fp16 is finite");
    }

    /** OpenCL C cannot express Java's bit reinterpretations, so no kernel class may call them. */
    @Test
    void kernelClassesUseNoBitReinterpretation() throws IOException {
        List<Class<?>> kernels = List.of(Fp16.class, StepLayout.class, MatMulKernels.class, NormKernels.class,
                AttentionKernels.class, ElementwiseKernels.class, Reductions.class);
        for (Class<?> kernel : kernels) {
            String constants;
            try (InputStream in = kernel.getResourceAsStream(kernel.getSimpleName() + ".class")) {
                constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            for (String forbidden : List.of("intBitsToFloat", "floatToIntBits", "floatToRawIntBits", "float16ToFloat",
                    "floatToFloat16")) {
                assertFalse(constants.contains(forbidden), kernel.getSimpleName() + " calls " + forbidden);
            }
        }
    }
}
