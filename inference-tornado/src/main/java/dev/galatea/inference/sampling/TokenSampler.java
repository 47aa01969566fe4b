package dev.galatea.inference.sampling;

import dev.galatea.inference.GalateaException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses each next token of one sequence from the model's logits: the {@link LogitsChain}, then argmax
 * (greedy, lowest id on ties) or a draw from the softmax (sampling).
 *
 * <p>Draws come from a {@link SplittableRandom} (SplitMix64, fully specified by its seed), one
 * {@code nextDouble()} per sampled token, walked along the cumulative probabilities in token-id order; so the
 * same seed and the same logits give the same tokens on every run and machine. They do not reproduce
 * PyTorch's {@code torch.multinomial} draws. {@link #split()} gives a batch's other sequences streams of their
 * own. Not thread-safe: one sampler per sequence.
 */
public final class TokenSampler {

    private static final int REPORTED = 5;

    private final SamplingParams params;
    private final LogitsChain chain;
    private final SplittableRandom random;
    /** exp(score - max score) of the chosen-from distribution, per token. */
    private final double[] weights;
    private final int[] largest;

    public TokenSampler(SamplingParams params, int vocabSize, long seed) {
        this(params, vocabSize, new SplittableRandom(seed));
    }

    private TokenSampler(SamplingParams params, int vocabSize, SplittableRandom random) {
        this.params = params;
        this.chain = LogitsChain.of(params, vocabSize);
        this.random = random;
        this.weights = new double[vocabSize];
        int candidates = params.mode() == DecodingMode.CONTRASTIVE ? Math.min(params.topK(), vocabSize) : 0;
        this.largest = new int[Math.max(REPORTED, candidates)];
    }

    /** A sampler with the same settings and a random stream split off this one's, for another sequence. */
    public TokenSampler split() {
        return new TokenSampler(params, chain.vocabSize(), random.split());
    }

    public DecodingMode mode() {
        return params.mode();
    }

    /**
     * Chooses the next token (greedy or sampling). {@code logits} is rewritten in place with the processed
     * scores; {@code history[0..historyLength)} is the prompt and the tokens generated so far; {@code step}
     * (0 for the first generated token) only names the step in errors.
     */
    public SampledToken next(float[] logits, int[] history, int historyLength, int step) {
        if (params.mode() == DecodingMode.CONTRASTIVE) {
            throw new IllegalStateException("contrastive search chooses through candidates() and ContrastiveSearch");
        }
        chain.process(checked(logits, step), history, historyLength);
        if (params.mode() == DecodingMode.SAMPLE) {
            chain.warp(logits);
        }
        double sum = weigh(logits, step);
        int chosen = params.mode() == DecodingMode.SAMPLE ? draw(sum) : argmax(logits);
        double logprob = Math.log(weights[chosen] / sum);
        return new SampledToken(chosen, logprob, mostLikely(logits, REPORTED, sum));
    }

    /** Contrastive search's top_k candidates after the processors, and the step's five most likely tokens. */
    public Candidates candidates(float[] logits, int[] history, int historyLength, int step) {
        if (params.mode() != DecodingMode.CONTRASTIVE) {
            throw new IllegalStateException("candidates() serves contrastive search; this sampler is " + params.mode());
        }
        chain.process(checked(logits, step), history, historyLength);
        double sum = weigh(logits, step);
        List<TokenProbability> candidates = mostLikely(logits, params.topK(), sum);
        return new Candidates(candidates, candidates.subList(0, Math.min(REPORTED, candidates.size())));
    }

    private static float[] checked(float[] logits, int step) {
        for (float logit : logits) {
            if (Float.isNaN(logit)) {
                throw new GalateaException("the model produced NaN logits at step " + step);
            }
            if (logit == Float.POSITIVE_INFINITY) {
                throw new GalateaException("the model produced infinite logits at step " + step);
            }
        }
        return logits;
    }

    /** Fills {@link #weights} and returns their sum, the softmax's denominator. */
    private double weigh(float[] scores, int step) {
        float max = Scratch.max(scores);
        if (max == Float.NEGATIVE_INFINITY) {
            throw new GalateaException("no_repeat_ngram_size and bad_words_ids removed every token at step " + step);
        }
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            weights[i] = Math.exp(scores[i] - max);
            sum += weights[i];
        }
        return sum;
    }

    private int draw(double sum) {
        double target = random.nextDouble() * sum;
        double cumulative = 0;
        int lastPossible = -1;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                cumulative += weights[i];
                lastPossible = i;
                if (cumulative > target) {
                    return i;
                }
            }
        }
        return lastPossible; // rounding left the target just past the total
    }

    /** The greedy choice: the highest score, the lowest id on ties. */
    public static int argmax(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The {@code count} highest-scoring tokens that are still possible, best first, lower id first on ties. */
    private List<TokenProbability> mostLikely(float[] scores, int count, double sum) {
        int size = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] == Float.NEGATIVE_INFINITY || (size == count && scores[i] <= scores[largest[size - 1]])) {
                continue;
            }
            int at = size == count ? size - 1 : size++;
            while (at > 0 && scores[largest[at - 1]] < scores[i]) {
                largest[at] = largest[at - 1];
                at--;
            }
            largest[at] = i;
        }
        List<TokenProbability> result = new ArrayList<>(size);
        for (int r = 0; r < size; r++) {
            result.add(new TokenProbability(largest[r], weights[largest[r]] / sum));
        }
        return result;
    }
}
