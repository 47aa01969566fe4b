package dev.galatea.inference.bench;

import dev.galatea.inference.backend.Backend;
import dev.galatea.inference.backend.ForwardResult;
import dev.galatea.inference.backend.KvCache;
import dev.galatea.inference.sampling.TokenSampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times a prompt prefill and greedy decode steps on a backend, with token ids drawn at random: the speed of a
 * forward pass does not depend on which tokens flow through it.
 */
public final class DecodeBenchmark {
    public record Result(int promptTokens, int newTokens, int batch, double prefillSeconds, double decodeSeconds) {
        public double prefillTokensPerSecond() {
            return promptTokens / prefillSeconds;
        }

        /** Tokens of all sequences together, per second. */
        public double decodeTokensPerSecond() {
            return (double) newTokens * batch / decodeSeconds;
        }
    }

    /** Untimed decode steps first, so the timed ones run compiled kernels, not the JIT's first tiers. */
    public static final int WARMUP_STEPS = 3;
    /**
     * The most tokens of the untimed prefill before the timed one, for the same reason: the first prefill of a process
     * also pays for compiling its kernels.
     */
    public static final int WARMUP_PROMPT_TOKENS = 64;
    /**
     * Timed steps between two runs of the probe. This machine's memory can change speed within seconds, so a probe
     * only before and after all the steps may miss the conditions most of them ran in.
     */
    public static final int PROBE_INTERVAL_STEPS = 16;

    private DecodeBenchmark() {}

    /** Prefills one random prompt (after an untimed shorter one), then decodes (after {@link #WARMUP_STEPS}) {@code newTokens} steps for {@code batch} sequences that share it. */
    public static Result run(Backend backend, int promptTokens, int newTokens, int batch, long seed) {
        return run(backend, promptTokens, newTokens, batch, seed, () -> {});
    }

    /**
     * {@link #run(Backend, int, int, int, long)}, calling {@code probe} just before the timed steps, after every
     * {@link #PROBE_INTERVAL_STEPS} of them and after the last, outside their time: what it measures, such as the
     * memory bandwidth, then shares their conditions.
     */
    public static Result run(Backend backend, int promptTokens, int newTokens, int batch, long seed, Runnable probe) {
        int vocab = backend.config().vocabSize();
        SplittableRandom random = new SplittableRandom(seed);
        int[] prompt = random.ints(promptTokens, 0, vocab).toArray();
        List<KvCache> caches = new ArrayList<>();
        try {
            KvCache first = backend.newCache(promptTokens + WARMUP_STEPS + newTokens);
            caches.add(first);
            int warmupTokens = Math.min(promptTokens, WARMUP_PROMPT_TOKENS);
            try (KvCache warmup = backend.newCache(warmupTokens)) {
                backend.forward(warmup, Arrays.copyOf(prompt, warmupTokens), false);
            }
            long started = System.nanoTime();
            ForwardResult prefill = backend.forward(first, prompt, false);
            double prefillSeconds = (System.nanoTime() - started) / 1e9;
            for (int i = 1; i < batch; i++) {
                caches.add(first.copy());
            }
            int[] next = new int[batch];
            Arrays.fill(next, TokenSampler.argmax(prefill.lastLogits()));
            decode(backend, caches, next, WARMUP_STEPS);
            probe.run();
            double decodeSeconds = 0;
            for (int done = 0; done < newTokens; done += PROBE_INTERVAL_STEPS) {
                started = System.nanoTime();
                decode(backend, caches, next, Math.min(PROBE_INTERVAL_STEPS, newTokens - done));
                decodeSeconds += (System.nanoTime() - started) / 1e9;
                probe.run();
            }
            return new Result(promptTokens, newTokens, batch, prefillSeconds, decodeSeconds);
        } finally {
            caches.forEach(KvCache::close);
        }
    }

    private static void decode(Backend backend, List<KvCache> caches, int[] next, int steps) {
        for (int step = 0; step < steps; step++) {
            ForwardResult result = backend.decode(caches, next);
            for (int s = 0; s < next.length; s++) {
                next[s] = TokenSampler.argmax(result.logits()[s]);
            }
        }
    }
}
