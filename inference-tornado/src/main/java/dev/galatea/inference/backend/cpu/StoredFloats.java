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

    /**
     * The shift of {@link #load16} for a 16-bit dtype. A half, sign-extended to an int and moved up 13 places,
     * has its 15 magnitude bits where a float's exponent and mantissa go and copies of its sign in bits 28-31;
     * {@link #mask16} keeps only bit 31 of those. Multiplying by 2^112 then rebiases the exponent (15 to 127) and
     * also turns half subnormals into the right float normals. A bfloat16 is the top half of a float: moved up 16
     * places, nothing masked, scale 1.
     */
    static int shift16(DType dtype) {
        return dtype == DType.F16 ? 13 : 16;
    }

    /** The mask of {@link #load16}; see {@link #shift16}. */
    static int mask16(DType dtype) {
        return dtype == DType.F16 ? 0x8fff_ffff : -1;
    }

    /** The scale of {@link #load16}; see {@link #shift16}. */
    static float scale16(DType dtype) {
        return dtype == DType.F16 ? 0x1p112f : 1f;
    }

    /**
     * {@link #LANES} F16 or BF16 values from {@code element} on, as fp32, given that dtype's {@link #shift16},
     * {@link #mask16} and {@link #scale16}: a shift, an and and a multiply after the widening load. One branch-free
     * formula serves both, so a loop never merges vectors from two code paths (C2 then boxes them) whichever dtypes
     * a process has seen. Weights hold no infinities or NaNs.
     */
    static FloatVector load16(MemorySegment data, long element, int shift, int mask, float scale) {
        return load16Unscaled(data, element, shift, mask).mul(scale);
    }

    /**
     * {@link #load16} without its multiply: the values divided by {@link #scale16}. A dot product that has multiplied
     * the other side by that scale beforehand saves a multiply per weight vector, and gets the same products.
     */
    static FloatVector load16Unscaled(MemorySegment data, long element, int shift, int mask) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(S, data, element * 2, LE).convertShape(VectorOperators.S2I, I, 0);
        return h.lanewise(VectorOperators.LSHL, shift).and(mask).reinterpretAsFloats();
    }

    /**
     * Columns per {@link #pairs} load: one int vector holds {@code 2 × LANES} 16-bit values. A kernel widens them to
     * two float vectors without moving any bit across lanes: the even ones as {@code (pairs << 16) >> pairShift &
     * pairMask}, the odd ones as {@code pairs >> pairShift & pairMask} (arithmetic shifts), the values divided by
     * {@link #scale16} as {@link #load16Unscaled} widens them. The kernels write this out with {@link #broadcast}
     * operands: through a helper method C2 boxed their vectors.
     */
    static final int PAIR_COLUMNS = 2 * LANES;

    /**
     * The arithmetic shift of the {@link #PAIR_COLUMNS pair widening} for a 16-bit dtype: a half in the top 16 bits of an
     * int, shifted right 3 places, has its 15 magnitude bits where {@link #shift16} puts them and copies of its sign
     * in bits 28-31; a bfloat16 there already is a float.
     */
    static int pairShift(DType dtype) {
        return dtype == DType.F16 ? 3 : 0;
    }

    /** The mask of the {@link #PAIR_COLUMNS pair widening}: the sign bit and the value's bits, not its neighbour's. */
    static int pairMask(DType dtype) {
        return dtype == DType.F16 ? 0x8fff_e000 : 0xffff_0000;
    }

    /** The {@link #PAIR_COLUMNS} F16 or BF16 values from {@code element} on, two to an int, as read from memory. */
    static IntVector pairs(MemorySegment data, long element) {
        return IntVector.fromMemorySegment(I, data, element * 2, LE);
    }

    /** {@code value} in every lane: the pair widening's shift and mask as vector operands. */
    static IntVector broadcast(int value) {
        return IntVector.broadcast(I, value);
    }

    /** {@link #LANES} F32 values from {@code element} on. */
    static FloatVector load32(MemorySegment data, long element) {
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
        int bound = F.loopBound(count);
        if (dtype == DType.F32) {
            for (; i < bound; i += LANES) {
                load32(data, element + i).intoArray(out, offset + i);
            }
        } else {
            int shift = shift16(dtype);
            int mask = mask16(dtype);
            float scale = scale16(dtype);
            for (; i < bound; i += LANES) {
                load16(data, element + i, shift, mask, scale).intoArray(out, offset + i);
            }
        }
        for (; i < count; i++) {
            out[offset + i] = get(data, dtype, element + i);
        }
    }
}
