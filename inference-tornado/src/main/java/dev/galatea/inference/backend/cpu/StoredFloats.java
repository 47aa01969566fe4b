package dev.galatea.inference.backend.cpu;

import dev.galatea.inference.checkpoint.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reads parameters in the dtype the checkpoint stores (F16, BF16 or F32, little-endian) and widens them to fp32
 * in registers, so weights are never copied or widened in memory. Element indices are flat, row-major.
 */
final class StoredFloats {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int LANES = F.length();
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    /** Half as wide as F, so one load of 16-bit values fills exactly one float vector. */
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    private StoredFloats() {}

    /** {@link #LANES} consecutive elements from {@code element} on, as fp32. */
    static FloatVector load(MemorySegment data, DType dtype, long element) {
        if (dtype == DType.F16) {
            return halfToFloat(shorts(data, element));
        } else if (dtype == DType.BF16) {
            return shorts(data, element).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
        }
        return FloatVector.fromMemorySegment(F, data, element * 4, LE);
    }

    static float get(MemorySegment data, DType dtype, long element) {
        if (dtype == DType.F16) {
            return Float.float16ToFloat(data.get(SHORT_LE, element * 2));
        } else if (dtype == DType.BF16) {
            return Float.intBitsToFloat(data.get(SHORT_LE, element * 2) << 16);
        }
        return data.get(FLOAT_LE, element * 4);
    }

    /** Widens {@code count} elements from {@code element} on into {@code out[offset...]}. */
    static void copy(MemorySegment data, DType dtype, long element, float[] out, int offset, int count) {
        int i = 0;
        for (int bound = F.loopBound(count); i < bound; i += LANES) {
            load(data, dtype, element + i).intoArray(out, offset + i);
        }
        for (; i < count; i++) {
            out[offset + i] = get(data, dtype, element + i);
        }
    }

    /** The 16-bit values, sign-extended to ints (only the low 16 bits are used). */
    private static IntVector shorts(MemorySegment data, long element) {
        return (IntVector) ShortVector.fromMemorySegment(S, data, element * 2, LE).convertShape(VectorOperators.S2I, I, 0);
    }

    /**
     * IEEE half to float without a lookup: moving the 15 magnitude bits to the top of a float's exponent and
     * mantissa and multiplying by 2^112 rebias the exponent (15 to 127), which also turns half subnormals into
     * the right float normals. The sign is put back last. Weights hold no infinities or NaNs.
     */
    private static FloatVector halfToFloat(IntVector h) {
        FloatVector magnitude = h.and(0x7fff).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(0x1p112f);
        IntVector sign = h.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        return magnitude.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }
}
