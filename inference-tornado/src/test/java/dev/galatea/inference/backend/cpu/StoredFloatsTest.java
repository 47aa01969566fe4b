package dev.galatea.inference.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.galatea.inference.checkpoint.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class StoredFloatsTest {
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void vectorHalfToFloatEqualsFloat16ToFloatForEveryFiniteHalf() {
        assertEveryBitPattern(DType.F16);
    }

    @Test
    void vectorBfloat16ToFloatIsTheTopHalfOfTheFloatForEveryFiniteValue() {
        assertEveryBitPattern(DType.BF16);
    }

    /** All 65536 patterns (one byte in, so loads are unaligned) except infinities and NaNs, which weights never hold. */
    private static void assertEveryBitPattern(DType dtype) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(2 * 65536 + 1).asSlice(1);
            for (int bits = 0; bits < 65536; bits++) {
                data.set(SHORT_LE, 2L * bits, (short) bits);
            }
            float[] out = new float[65536];
            StoredFloats.copy(data, dtype, 0, out, 0, out.length);
            for (int bits = 0; bits < 65536; bits++) {
                short h = (short) bits;
                float expected = dtype == DType.F16 ? Float.float16ToFloat(h) : Float.intBitsToFloat(bits << 16);
                if (Float.isFinite(expected)) {
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out[bits]),
                            dtype + " bits 0x" + Integer.toHexString(bits));
                }
            }
        }
    }
}
