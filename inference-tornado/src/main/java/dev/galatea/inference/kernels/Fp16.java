package dev.galatea.inference.kernels;

/**
 * IEEE binary16 weights decoded with arithmetic only. TornadoVM's OpenCL backend cannot compile a bit
 * reinterpretation ({@code Float.intBitsToFloat}, {@code Float.float16ToFloat}), and PoCL has no
 * {@code cl_khr_fp16}, so kernels keep fp16 as raw {@code short} bits and compute
 * {@code significand × 2^(exponent − 25)} with a 32-entry table of exponent scales. Every finite value is
 * exact in fp32: the significand has at most 11 bits and the scale is a power of two within fp32's normal range.
 */
public final class Fp16 {
    /** Entries of {@link #exponentScales()}: one per 5-bit exponent field. */
    public static final int EXPONENTS = 32;

    private static final int MANTISSA_BITS = 10;
    private static final int IMPLICIT_BIT = 1 << MANTISSA_BITS;

    private Fp16() {}

    /**
     * The scale of each exponent field: 2^-24 for subnormals (field 0, no implicit bit), 2^(e−25) for normal
     * fields 1..30, and +infinity for field 31, so that fp16 infinities and NaNs both decode to a signed
     * infinity (a checkpoint holding either is refused before it reaches a device).
     */
    public static float[] exponentScales() {
        float[] scales = new float[EXPONENTS];
        scales[0] = Math.scalb(1f, -24);
        for (int e = 1; e < EXPONENTS - 1; e++) {
            scales[e] = Math.scalb(1f, e - 25);
        }
        scales[EXPONENTS - 1] = Float.POSITIVE_INFINITY;
        return scales;
    }

    /**
     * The value of fp16 {@code bits}; {@code scales} is {@link #exponentScales()}. Written the way TornadoVM
     * 5.2's OpenCL backend compiles correctly. It works on the loaded short directly: with {@code bits & 0xFFFF}
     * or {@code bits >> 31} the sign came out constant (+). The implicit bit is arithmetic,
     * {@code (exponent + 31) >> 5} being 0 for field 0 and 1 for fields 1..31: Graal turns {@code exponent == 0}
     * or {@code exponent > 0} into a bit test, which the backend fails an assertion on
     * (OCLLIRGenerator.emitIntegerTestMove).
     */
    public static float decode(short bits, float[] scales) {
        int exponent = (bits >> MANTISSA_BITS) & (EXPONENTS - 1);
        int significand = (bits & (IMPLICIT_BIT - 1)) + ((exponent + EXPONENTS - 1) >> 5) * IMPLICIT_BIT;
        float magnitude = significand * scales[exponent];
        return bits < 0 ? -magnitude : magnitude;
    }

    /** Whether {@code bits} is an fp16 infinity or NaN (exponent field all ones). */
    public static boolean isNonFinite(short bits) {
        return (bits & 0x7C00) == 0x7C00;
    }
}
