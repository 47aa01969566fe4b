package dev.galatea.inference.bench;

import dev.galatea.inference.backend.Backend;
import dev.galatea.inference.generate.Cancellation;
import dev.galatea.inference.generate.GenerationRequest;
import dev.galatea.inference.generate.GenerationResult;
import dev.galatea.inference.generate.Generator;
import dev.galatea.inference.generate.SequenceSpec;
import dev.galatea.inference.sampling.SamplingParams;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Times how long a chat's next turn takes to start: a reply to a random prompt, then a prompt that repeats it all
 * and adds the user's message, through a generator that keeps the last prompt's KV cache, as the app's is.
 */
public final class ChatTurnBenchmark {
    /**
     * @param promptTokens  the next turn's whole prompt
     * @param cachedTokens  those of them whose keys and values were kept from the reply before
     * @param prefillSeconds from the request to the logits of the reply's first token: the cache's growth and the
     *                       prefill of the tokens not kept
     */
    public record Result(int promptTokens, int cachedTokens, double prefillSeconds) {}

    /** The reply before the timed turn: long enough to be a reply, short enough to keep the bench quick. */
    public static final int REPLY_TOKENS = 8;
    /** The user's message and the name turns around it, in tokens: a line of chat. */
    public static final int MESSAGE_TOKENS = 32;

    private ChatTurnBenchmark() {}

    /** Positions the benchmark needs in the model's context after a first prompt of {@code promptTokens}. */
    public static int positions(int promptTokens) {
        return promptTokens + REPLY_TOKENS + MESSAGE_TOKENS + 1;
    }

    public static Result run(Backend backend, int promptTokens, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int vocab = backend.config().vocabSize();
        int[] prompt = random.ints(promptTokens, 0, vocab).toArray();
        try (Generator generator = Generator.keepingPrompts(backend, null)) {
            int[] reply = greedy(generator, prompt, REPLY_TOKENS).newIds();
            int[] next = IntStream.concat(IntStream.concat(Arrays.stream(prompt), Arrays.stream(reply)),
                    random.ints(MESSAGE_TOKENS, 0, vocab)).toArray();
            GenerationResult turn = greedy(generator, next, 1);
            return new Result(next.length, turn.cachedPromptTokens(), turn.prefillSeconds());
        }
    }

    private static GenerationResult greedy(Generator generator, int[] prompt, int newTokens) {
        return generator.generate(GenerationRequest.single(prompt, new SequenceSpec(SamplingParams.GREEDY, 0), newTokens, List.of()),
                event -> { }, new Cancellation()).get(0);
    }
}
