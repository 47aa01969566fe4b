package dev.galatea.inference.checkpoint;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One named tensor, row-major and little-endian, whose bytes stay where the checkpoint maps them.
 * Nothing here copies or widens the data; {@link #getFloat} converts one element on demand.
 */
public record Tensor(String name, DType dtype, long[] shape, MemorySegment data) {
    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public Tensor {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public long byteSize() {
        return elementCount() * dtype.bytes();
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    /** Element {@code index} (flat, row-major) as a float. */
    public float getFloat(long index) {
        return switch (dtype) {
            case F32 -> data.get(FLOAT_LE, index * 4);
            case F16 -> Float.float16ToFloat(data.get(SHORT_LE, index * 2));
            case BF16 -> Float.intBitsToFloat(data.get(SHORT_LE, index * 2) << 16);
            default -> throw new IllegalStateException(name + " holds " + dtype + ", not floating-point parameters");
        };
    }
}
