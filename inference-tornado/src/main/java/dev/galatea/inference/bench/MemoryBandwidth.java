package dev.galatea.inference.bench;

import dev.galatea.inference.checkpoint.HugePages;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.stream.IntStream;

/**
 * Measures this machine's memory bandwidth with every core working on its slice of buffers far larger than the
 * caches, best of several passes:
 * <ul>
 *   <li>{@link #bytesPerSecond}: a STREAM-style copy, bytes read plus bytes written counted: the roofline the bench
 *       reports decode against;</li>
 *   <li>{@link #readBytesPerSecond}: a plain read, which is all a decode step does with its weights: each core
 *       compares its slices of two equal buffers through the JDK's vectorised mismatch, as fast as a 512-bit Vector
 *       API loop here, with neither writes nor the boxed vectors such a loop allocates until C2 compiles it (they
 *       grew the heap by 800 MB). On this shared machine copy and read differ by more than the writes' share,
 *       either way, so the bench reports both.</li>
 * </ul>
 * The buffers are advised to huge pages, as the weights are ({@link HugePages}), so the probe and decode pay for the
 * same page walks (in the slow state the copy measured 56–57 GB/s either way).
 */
public final class MemoryBandwidth {
    private static final long HUGE_PAGE = 2L << 20;

    private MemoryBandwidth() {}

    public static double bytesPerSecond(long bufferBytes, int passes) {
        int threads = Runtime.getRuntime().availableProcessors();
        long slice = bufferBytes / threads / 64 * 64;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment from = buffer(arena, slice * threads);
            MemorySegment to = buffer(arena, slice * threads);
            from.fill((byte) 1);
            to.fill((byte) 2);
            return best(passes, 2.0 * slice * threads, () -> IntStream.range(0, threads).parallel().forEach(t ->
                    MemorySegment.copy(from, t * slice, to, t * slice, slice)));
        }
    }

    public static double readBytesPerSecond(long bufferBytes, int passes) {
        int threads = Runtime.getRuntime().availableProcessors();
        long slice = bufferBytes / 2 / threads / 64 * 64;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment first = buffer(arena, slice * threads);
            MemorySegment second = buffer(arena, slice * threads);
            first.fill((byte) 1);
            second.fill((byte) 1);
            return best(passes, 2.0 * slice * threads, () -> {
                boolean differ = IntStream.range(0, threads).parallel().anyMatch(t -> MemorySegment.mismatch(
                        first, t * slice, (t + 1) * slice, second, t * slice, (t + 1) * slice) != -1);
                if (differ) {
                    throw new IllegalStateException("the two equal bandwidth buffers compared unequal");
                }
            });
        }
    }

    /** An untouched buffer on a huge-page boundary, advised to huge pages. */
    static MemorySegment buffer(Arena arena, long bytes) {
        MemorySegment buffer = arena.allocate(bytes, HUGE_PAGE);
        HugePages.advise(buffer);
        return buffer;
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
