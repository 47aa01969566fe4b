package dev.galatea.inference.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void everyItemRunsExactlyOnceWhateverTheThreadsAndGrain() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            try (Parallel parallel = new Parallel(threads)) {
                for (int count : new int[] {0, 1, 7, 64, 1000, 4099}) {
                    for (int grain : new int[] {1, 3, 64, 5000}) {
                        AtomicIntegerArray runs = new AtomicIntegerArray(count);
                        parallel.forEach(count, grain, (from, to) -> {
                            assertTrue(threads == 1 || count <= grain ? from == 0 && to == count : to - from <= grain, "piece [" + from + ", " + to + ") for grain " + grain);
                            for (int i = from; i < to; i++) {
                                runs.incrementAndGet(i);
                            }
                        });
                        for (int i = 0; i < count; i++) {
                            assertEquals(1, runs.get(i), "item " + i + " of " + count + ", grain " + grain + ", " + threads + " threads");
                        }
                    }
                }
            }
        }
    }

    @Test
    void theCallerAndTheWorkersShareTheWork() {
        try (Parallel parallel = new Parallel(3)) {
            Set<Thread> threads = threadsTakingOnePieceEach(parallel, 3);
            assertEquals(3, threads.size());
            assertTrue(threads.contains(Thread.currentThread()), "the caller took no piece");
        }
    }

    @Test
    void workersThatParkedWhileIdleWakeForTheNextCall() throws InterruptedException {
        try (Parallel parallel = new Parallel(2)) {
            for (int call = 0; call < 3; call++) {
                Thread.sleep(50); // far past the spin, so the worker has parked
                assertEquals(2, threadsTakingOnePieceEach(parallel, 2).size());
            }
        }
    }

    @Test
    void aFailingPieceIsRethrownToTheCallerAndThePoolGoesOn() {
        try (Parallel parallel = new Parallel(2)) {
            IllegalArgumentException failure = new IllegalArgumentException("piece 37 failed");
            AtomicIntegerArray runs = new AtomicIntegerArray(100);
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () ->
                    parallel.forEach(100, 1, (from, to) -> {
                        runs.incrementAndGet(from);
                        if (from == 37) {
                            throw failure;
                        }
                    }));
            assertSame(failure, thrown);
            for (int i = 0; i < 100; i++) {
                assertEquals(1, runs.get(i), "item " + i + " must still run once");
            }
            AtomicIntegerArray again = new AtomicIntegerArray(10);
            parallel.forEach(10, 1, (from, to) -> again.incrementAndGet(from));
            for (int i = 0; i < 10; i++) {
                assertEquals(1, again.get(i));
            }
        }
    }

    @Test
    void aClosedPoolRefusesWork() {
        Parallel parallel = new Parallel(2);
        parallel.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parallel.forEach(4, 1, (from, to) -> {}));
        assertEquals("the CPU thread pool is closed", e.getMessage());
    }

    @Test
    void grainGivesEachThreadSixteenPieces() {
        try (Parallel parallel = new Parallel(2)) {
            assertEquals(128, parallel.grainFor(4096));
            assertEquals(1, parallel.grainFor(16));
        }
        assertThrows(IllegalArgumentException.class, () -> new Parallel(0));
    }

    /** Runs {@code pieces} pieces that each wait until all have started, so each needs a thread of its own. */
    private static Set<Thread> threadsTakingOnePieceEach(Parallel parallel, int pieces) {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch started = new CountDownLatch(pieces);
        parallel.forEach(pieces, 1, (from, to) -> {
            seen.add(Thread.currentThread());
            started.countDown();
            try {
                assertTrue(started.await(10, TimeUnit.SECONDS), pieces + " threads never ran at once");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return seen;
    }
}
