package dev.galatea.inference.backend.cpu;

import dev.galatea.inference.backend.KvCache;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Keys and values of one sequence in fp32, off the Java heap so {@link #close} frees them at once.
 * Layout {@code [layer][head][position][head_dim]}: one head's past positions are contiguous for attention.
 */
final class CpuKvCache implements KvCache {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    private final CpuBackend owner;
    private final int layers;
    private final int heads;
    private final int headDim;
    private final int capacity;
    private final Arena arena;
    private final MemorySegment keys;
    private final MemorySegment values;
    private int length;
    private boolean closed;

    CpuKvCache(CpuBackend owner, int layers, int heads, int headDim, int capacity) {
        this.owner = owner;
        this.layers = layers;
        this.heads = heads;
        this.headDim = headDim;
        this.capacity = capacity;
        this.arena = Arena.ofShared();
        long bytes = (long) layers * heads * capacity * headDim * Float.BYTES;
        this.keys = arena.allocate(bytes, 64);
        this.values = arena.allocate(bytes, 64);
    }

    CpuBackend owner() {
        return owner;
    }

    MemorySegment keys() {
        return keys;
    }

    MemorySegment values() {
        return values;
    }

    /** Byte offset of {@code position} of {@code head} in {@code layer}, in both {@link #keys} and {@link #values}. */
    long offset(int layer, int head, int position) {
        return (((long) layer * heads + head) * capacity + position) * headDim * Float.BYTES;
    }

    /** Writes the key and value rows ({@code heads · headDim} floats from {@code rowOffset}) at {@code position}. */
    void store(int layer, int position, float[] k, float[] v, int rowOffset) {
        for (int h = 0; h < heads; h++) {
            long at = offset(layer, h, position);
            MemorySegment.copy(k, rowOffset + h * headDim, keys, FLOAT, at, headDim);
            MemorySegment.copy(v, rowOffset + h * headDim, values, FLOAT, at, headDim);
        }
    }

    /** Counts {@code added} more positions as cached, once their keys and values are stored in every layer. */
    void advance(int added) {
        length += added;
    }

    /** Whether {@code more} positions still fit. */
    boolean fits(int more) {
        return length + more <= capacity;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public CpuKvCache copy(int capacity) {
        ensureOpen();
        if (capacity < length) {
            throw new IllegalArgumentException("a copy of " + capacity + " positions cannot hold the " + length + " cached");
        }
        CpuKvCache copy = (CpuKvCache) owner.newCache(capacity);
        long bytes = (long) length * headDim * Float.BYTES;
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                long from = offset(l, h, 0);
                long to = copy.offset(l, h, 0);
                MemorySegment.copy(keys, from, copy.keys, to, bytes);
                MemorySegment.copy(values, from, copy.values, to, bytes);
            }
        }
        copy.length = length;
        return copy;
    }

    @Override
    public void truncate(int newLength) {
        ensureOpen();
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate a KV cache of " + length + " positions to " + newLength);
        }
        length = newLength;
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the KV cache is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }
}
