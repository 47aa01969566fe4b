package dev.galatea.inference.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.stream.IntStream;

/**
 * Measures this machine's memory copy bandwidth, STREAM-style: every core copies its slice of a buffer far larger
 * than the caches, and bytes read plus bytes written count. The best of several passes is the ceiling a
 * weight-streaming decode step can approach.
 */
public final class MemoryBandwidth {
    private MemoryBandwidth() {}

    public static double bytesPerSecond(long bufferBytes, int passes) {
        int threads = Runtime.getRuntime().availableProcessors();
        long slice = bufferBytes / threads / 64 * 64;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment from = arena.allocate(slice * threads, 64);
            MemorySegment to = arena.allocate(slice * threads, 64);
            from.fill((byte) 1);
            to.fill((byte) 2);
            double best = 0;
            for (int pass = 0; pass < passes; pass++) {
                long started = System.nanoTime();
                IntStream.range(0, threads).parallel().forEach(t ->
                        MemorySegment.copy(from, t * slice, to, t * slice, slice));
                double seconds = (System.nanoTime() - started) / 1e9;
                best = Math.max(best, 2.0 * slice * threads / seconds);
            }
            return best;
        }
    }
}
