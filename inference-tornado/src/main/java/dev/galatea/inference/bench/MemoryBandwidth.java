package dev.galatea.inference.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.stream.IntStream;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures this machine's memory bandwidth with every core working on its slice of buffers far larger than the
 * caches, best of several passes:
 * <ul>
 *   <li>{@link #bytesPerSecond}: a STREAM-style copy, bytes read plus bytes written counted: the roofline the bench
 *       reports decode against;</li>
 *   <li>{@link #readBytesPerSecond}: a plain read with vector loads, which is all a decode step does with its
 *       weights (scalar long loads measured 25% below it). On this shared machine the two differ by more than
 *       the writes' share, either way, so the bench reports both. Until C2 compiles its loop the Vector API boxes
 *       every vector: callers that track the heap measure it last.</li>
 * </ul>
 */
public final class MemoryBandwidth {
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;

    private MemoryBandwidth() {}

    public static double bytesPerSecond(long bufferBytes, int passes) {
        int threads = Runtime.getRuntime().availableProcessors();
        long slice = bufferBytes / threads / 64 * 64;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment from = arena.allocate(slice * threads, 64);
            MemorySegment to = arena.allocate(slice * threads, 64);
            from.fill((byte) 1);
            to.fill((byte) 2);
            return best(passes, 2.0 * slice * threads, () -> IntStream.range(0, threads).parallel().forEach(t ->
                    MemorySegment.copy(from, t * slice, to, t * slice, slice)));
        }
    }

    public static double readBytesPerSecond(long bufferBytes, int passes) {
        int threads = Runtime.getRuntime().availableProcessors();
        long slice = bufferBytes / threads / L.vectorByteSize() * L.vectorByteSize();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buffer = arena.allocate(slice * threads, 64);
            buffer.fill((byte) 1);
            long expected = slice * threads / Long.BYTES * 0x0101_0101_0101_0101L;
            return best(passes, (double) slice * threads, () -> {
                long sum = IntStream.range(0, threads).parallel().mapToLong(t -> sum(buffer, t * slice, slice)).sum();
                // Checking the sum keeps the reads from being optimised away.
                if (sum != expected) {
                    throw new IllegalStateException("the bandwidth buffer summed to " + sum + ", not " + expected);
                }
            });
        }
    }

    private static long sum(MemorySegment buffer, long from, long bytes) {
        LongVector acc = LongVector.zero(L);
        for (long at = from; at < from + bytes; at += L.vectorByteSize()) {
            acc = acc.add(LongVector.fromMemorySegment(L, buffer, at, ByteOrder.nativeOrder()));
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    private static double best(int passes, double bytes, Runnable pass) {
        double best = 0;
        for (int i = 0; i < passes; i++) {
            long started = System.nanoTime();
            pass.run();
            best = Math.max(best, bytes / ((System.nanoTime() - started) / 1e9));
        }
        return best;
    }
}
