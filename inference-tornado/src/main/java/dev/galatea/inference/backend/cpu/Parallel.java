package dev.galatea.inference.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/** Splits index ranges over a pool of one thread per core; each backend owns one. */
final class Parallel implements AutoCloseable {

    /** Work on the items {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    private final ForkJoinPool pool;
    private final int threads;

    Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body} over {@code [0, count)} in pieces of at most {@code grain} items, and waits for all. */
    void forEach(int count, int grain, Range body) {
        if (pool == null || count <= grain) {
            body.run(0, count);
        } else {
            pool.invoke(new Split(body, 0, count, Math.max(1, grain)));
        }
    }

    /** A grain that gives each thread about eight pieces, so uneven pieces still balance. */
    int grainFor(int count) {
        return Math.max(1, count / (threads * 8));
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    private static final class Split extends RecursiveAction {
        private final Range body;
        private final int from;
        private final int to;
        private final int grain;

        Split(Range body, int from, int to, int grain) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.grain = grain;
        }

        @Override
        protected void compute() {
            if (to - from <= grain) {
                body.run(from, to);
            } else {
                int middle = (from + to) >>> 1;
                invokeAll(new Split(body, from, middle, grain), new Split(body, middle, to, grain));
            }
        }
    }
}
