package dev.galatea.inference.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.galatea.inference.backend.cpu.Matmul.Output;
import dev.galatea.inference.checkpoint.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both matmul paths against a float64 sum over the same stored weights, on shapes that leave remainders everywhere:
 * rows not a multiple of the 8-row register tile or of the 64-row block, tasks of many rows (the direct kernels
 * pair rows half or a third of a task apart), columns not a multiple of the vector width or of the 256-column
 * panel, columns of whole 64-column passes (a lone token's kernel then runs through several rows per call) and of
 * an odd number of 32-column pair blocks (one row per call, the last block summed one column at a time), every
 * token count of the direct kernel's groups (1 to 8), odd token counts, and token counts that the blocked pass
 * runs in tiles of one vector of tokens (16), of two (17, part empty), or of both (33, 49).
 */
class MatmulTest {
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static Stream<Arguments> shapes() {
        Stream.Builder<Arguments> shapes = Stream.builder();
        for (DType dtype : new DType[] {DType.F16, DType.BF16, DType.F32}) {
            for (int[] rc : new int[][] {{7, 37}, {70, 300}, {4, 16}, {700, 45}, {700, 64}, {300, 320}, {50, 96}}) {
                for (int tokens : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 16, 17, 33, 49}) {
                    for (Output output : Output.values()) {
                        shapes.add(Arguments.of(dtype, rc[0], rc[1], tokens, output));
                    }
                }
            }
        }
        return shapes.build();
    }

    @ParameterizedTest(name = "{0} {1}x{2}, {3} tokens, {4}")
    @MethodSource("shapes")
    void matchesAFloat64ReferenceOnTheStoredWeights(DType dtype, int rows, int cols, int tokens, Output output) {
        assertMatchesReference(dtype, rows, cols, tokens, output, 1f);
    }

    /**
     * The direct kernels multiply x by 2^112 in place of every F16 weight; activations of a million, far beyond what
     * that leaves room for, must still give finite, accurate sums.
     */
    @ParameterizedTest(name = "{0} {1}x{2}, {3} tokens")
    @MethodSource("largeActivationShapes")
    void activationsOfAMillionStayAccurate(DType dtype, int rows, int cols, int tokens) {
        assertMatchesReference(dtype, rows, cols, tokens, Output.STORE, 1e6f);
    }

    static Stream<Arguments> largeActivationShapes() {
        return Stream.of(DType.F16, DType.BF16).flatMap(dtype -> Stream.of(1, 2, 4, 5)
                .map(tokens -> Arguments.of(dtype, 70, 300, tokens)));
    }

    /**
     * Rows too wide for x to stay in L1: a lone token takes them four per x load, where the columns are whole pair
     * blocks (8192), and two per load otherwise (8200). 701 rows over three threads leave tasks of 15 and 11 rows:
     * four groups a quarter apart, then a pair and an odd row.
     */
    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("wideRowShapes")
    void wideRowsOfALoneTokenMatchTheReference(DType dtype, int rows, int cols) {
        assertMatchesReference(dtype, rows, cols, 1, Output.ADD, 1f);
    }

    static Stream<Arguments> wideRowShapes() {
        return Stream.of(DType.F16, DType.BF16).flatMap(dtype -> Stream.of(8192, 8200)
                .map(cols -> Arguments.of(dtype, 701, cols)));
    }

    /**
     * Every finite F16 and BF16 bit pattern through a lone token's kernels, bit for bit: a matrix holding each pattern
     * (non-finite ones, which weights never hold, as zeros) times a one-hot x gives back one column of the matrix
     * exactly, every other product being zero. 64 columns run the two-row kernel through ten rows per call; 8192
     * columns on one thread give tasks of six rows, four in the four-row kernel and two in the two-row one.
     */
    @ParameterizedTest(name = "{0}, {1} rows x {2} on {3} threads")
    @MethodSource("everyPatternShapes")
    void aLoneTokenWidensEveryFinitePatternExactly(DType dtype, int rows, int cols, int threads) {
        try (Arena arena = Arena.ofShared(); Parallel parallel = new Parallel(threads)) {
            MemorySegment data = arena.allocate(2L * rows * cols);
            float[] widened = new float[rows * cols];
            for (int i = 0; i < widened.length; i++) {
                short bits = (short) i;
                float value = dtype == DType.F16 ? Float.float16ToFloat(bits) : Float.intBitsToFloat(bits << 16);
                boolean finite = Float.isFinite(value);
                data.set(SHORT_LE, 2L * i, finite ? bits : 0);
                widened[i] = finite ? value : 0f;
            }
            Matmul matmul = new Matmul(parallel);
            Linear w = new Linear(data, dtype, rows, cols, null);
            float[] x = new float[cols];
            float[] y = new float[rows];
            for (int col = 0; col < cols; col++) {
                x[col] = 1f;
                matmul.apply(w, x, 1, y, Output.STORE);
                x[col] = 0f;
                for (int r = 0; r < rows; r++) {
                    // Adding +0 makes -0 +0, as a sum of zero products is.
                    float expected = widened[r * cols + col] + 0f;
                    if (expected != y[r] + 0f) {
                        assertEquals(expected, y[r], dtype + " bits 0x" + Integer.toHexString((r * cols + col) & 0xffff));
                    }
                }
            }
        }
    }

    static Stream<Arguments> everyPatternShapes() {
        return Stream.of(DType.F16, DType.BF16).flatMap(dtype -> Stream.of(
                Arguments.of(dtype, 1024, 64, 3), Arguments.of(dtype, 64, 8192, 1)));
    }

    private static void assertMatchesReference(DType dtype, int rows, int cols, int tokens, Output output, float xScale) {
        Random random = new Random(rows * 31L + cols * 7L + tokens);
        try (Arena arena = Arena.ofShared(); Parallel parallel = new Parallel(3)) {
            MemorySegment data = arena.allocate((long) rows * cols * dtype.bytes());
            double[] stored = new double[rows * cols];
            for (int i = 0; i < stored.length; i++) {
                stored[i] = store(data, dtype, i, (float) random.nextGaussian() * 0.2f);
            }
            float[] bias = new float[rows];
            for (int r = 0; r < rows; r++) {
                bias[r] = (float) random.nextGaussian();
            }
            float[] x = new float[tokens * cols];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian() * xScale;
            }
            float[] y = new float[tokens * rows];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) random.nextGaussian();
            }
            float[] before = y.clone();

            new Matmul(parallel).apply(new Linear(data, dtype, rows, cols, bias), x, tokens, y, output);

            for (int t = 0; t < tokens; t++) {
                for (int r = 0; r < rows; r++) {
                    double sum = bias[r];
                    double magnitude = Math.abs(bias[r]);
                    for (int k = 0; k < cols; k++) {
                        sum += stored[r * cols + k] * x[t * cols + k];
                        magnitude += Math.abs(stored[r * cols + k] * x[t * cols + k]);
                    }
                    double expected = switch (output) {
                        case STORE -> sum;
                        case ADD -> before[t * rows + r] + sum;
                        case GELU -> 0.5 * sum * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (sum + 0.044715 * sum * sum * sum)));
                    };
                    double error = Math.abs(y[t * rows + r] - expected);
                    assertTrue(error <= 1e-5 * (magnitude + Math.abs(before[t * rows + r])) + 1e-6,
                            "token " + t + " row " + r + ": " + y[t * rows + r] + " vs " + expected);
                }
            }
        }
    }

    /** Writes {@code value} in {@code dtype} and returns what was stored, widened exactly. */
    private static double store(MemorySegment data, DType dtype, int index, float value) {
        return switch (dtype) {
            case F16 -> {
                short h = Float.floatToFloat16(value);
                data.set(SHORT_LE, 2L * index, h);
                yield Float.float16ToFloat(h);
            }
            case BF16 -> {
                short b = (short) (Float.floatToRawIntBits(value) >>> 16);
                data.set(SHORT_LE, 2L * index, b);
                yield Float.intBitsToFloat(b << 16);
            }
            default -> {
                data.set(FLOAT_LE, 4L * index, value);
                yield value;
            }
        };
    }
}
