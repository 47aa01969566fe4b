package dev.galatea.inference.generate;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.backend.Backend;
import dev.galatea.inference.backend.ForwardResult;
import dev.galatea.inference.backend.KvCache;
import dev.galatea.inference.model.GptjConfig;
import dev.galatea.inference.sampling.Candidates;
import dev.galatea.inference.sampling.ContrastiveSearch;
import dev.galatea.inference.sampling.DecodingMode;
import dev.galatea.inference.sampling.SampledToken;
import dev.galatea.inference.sampling.TokenProbability;
import dev.galatea.inference.sampling.TokenSampler;
import dev.galatea.inference.tokenizer.GptjTokenizer;
import dev.galatea.inference.tokenizer.TextStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs generations on one backend: a prefill of the prompt, then decode steps until every sequence has hit
 * EOS, a stop string, max_new_tokens or the context's end, or the caller cancels. Sequences that sample or decode
 * greedily step together in one batched decode; contrastive search steps its top_k candidates as a batch.
 * Not thread-safe: a caller serialises generations on a backend (the UI's queue does).
 */
public final class Generator implements AutoCloseable {
    /**
     * The most prompt tokens one forward pass runs, as llama.cpp's default n_batch: a longer prompt runs in chunks,
     * so that a Stop is heard between them (a 2,000-token prompt of GPT-J-6B takes over a minute on two cores) and
     * the listener can tell how far it has read. Whole chunks keep the matrices' work matrix × matrix; a prompt of
     * up to 512 tokens still runs in one pass.
     */
    private static final int PREFILL_CHUNK_TOKENS = 512;

    private final Backend backend;
    private final GptjTokenizer tokenizer;
    private final PromptCache promptCache;
    private final int prefillChunkTokens;

    /**
     * A generator that frees every KV cache as its generation ends.
     *
     * @param tokenizer may be null for id-level use; stop strings and token texts then need none
     */
    public Generator(Backend backend, GptjTokenizer tokenizer) {
        this(backend, tokenizer, false, PREFILL_CHUNK_TOKENS);
    }

    /** @param prefillChunkTokens the most prompt tokens one forward pass runs; tests make it small */
    Generator(Backend backend, GptjTokenizer tokenizer, boolean keepsPrompts, int prefillChunkTokens) {
        this.backend = backend;
        this.tokenizer = tokenizer;
        this.promptCache = new PromptCache(keepsPrompts);
        this.prefillChunkTokens = prefillChunkTokens;
    }

    /**
     * A generator that keeps the first sequence's KV cache after each generation, so the next prompt prefills only
     * the tokens after the part it shares with that sequence (a chat's next turn, a regenerate). The kept cache
     * holds memory until the next generation or {@link #close}.
     */
    public static Generator keepingPrompts(Backend backend, GptjTokenizer tokenizer) {
        return new Generator(backend, tokenizer, true, PREFILL_CHUNK_TOKENS);
    }

    public Backend backend() {
        return backend;
    }

    /**
     * Generates every sequence of the request. A cancellation ends them all with the tokens they have; one that
     * comes while the prompt is read ends them with none, and a keeping generator keeps the part already read.
     */
    public List<GenerationResult> generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation) {
        GptjConfig config = backend.config();
        int[] prompt = request.promptIds();
        if (prompt.length + request.maxNewTokens() > config.nPositions()) {
            throw new GalateaException("max_new_tokens=" + request.maxNewTokens() + " plus the prompt's " + prompt.length
                    + " tokens exceeds the model's context of " + config.nPositions() + " positions");
        }
        if (!request.stopStrings().isEmpty() && tokenizer == null) {
            throw new GalateaException("stop strings need a tokenizer, and this model directory has none");
        }
        for (int id : prompt) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new GalateaException("token id " + id + " is outside the model's vocabulary of " + config.vocabSize());
            }
        }
        // Built before any cache, so settings the model refuses (a bad word outside its vocabulary) cost no memory.
        List<TokenSampler> samplers = request.sequences().stream()
                .map(spec -> new TokenSampler(spec.params(), config.vocabSize(), spec.seed())).toList();
        int capacity = prompt.length + request.maxNewTokens();
        boolean contrastive = request.sequences().stream().anyMatch(s -> s.params().mode() == DecodingMode.CONTRASTIVE);
        long started = System.nanoTime();
        KvCache kept = null;
        if (contrastive) {
            // It needs every prompt position's hidden state, which only a full prefill gives.
            promptCache.close();
        } else {
            kept = promptCache.take(prompt, capacity);
        }
        KvCache first = kept != null ? kept : backend.newCache(capacity);
        int cached = first.length();
        ForwardResult prefill;
        try {
            prefill = prefill(first, prompt, contrastive, listener, cancellation);
        } catch (RuntimeException | Error e) {
            first.close();
            throw e;
        }
        double prefillSeconds = (System.nanoTime() - started) / 1e9;
        if (prefill == null) {
            promptCache.keep(first, Arrays.copyOf(prompt, first.length()));
            return request.sequences().stream().map(s -> new GenerationResult(new int[0], "", FinishReason.CANCELLED,
                    prompt.length, cached, prefillSeconds, 0)).toList();
        }
        List<Sequence> sequences = new ArrayList<>();
        try {
            StopMatcher stops = new StopMatcher(request.stopStrings());
            for (int i = 0; i < request.sequences().size(); i++) {
                SequenceSpec spec = request.sequences().get(i);
                KvCache cache = i == 0 ? first : first.copy();
                sequences.add(new Sequence(i, spec, samplers.get(i), cache, prompt, capacity, prefill, stops));
            }
            started = System.nanoTime();
            decodeLoop(sequences, request.maxNewTokens(), listener, cancellation);
            double decodeSeconds = (System.nanoTime() - started) / 1e9;
            return sequences.stream().map(s -> s.result(cached, prefillSeconds, decodeSeconds)).toList();
        } finally {
            sequences.forEach(Sequence::close);
            if (sequences.isEmpty()) {
                first.close(); // no sequence took the cache over
            }
        }
    }

    /**
     * Runs the prompt after its cached part into {@code cache}, in chunks of at most {@link #prefillChunkTokens},
     * and returns the last chunk's result; null when a cancellation came before the last chunk, with the chunks read
     * so far in the cache. Contrastive search runs it in one pass, since it needs every position's hidden state.
     */
    private ForwardResult prefill(KvCache cache, int[] prompt, boolean contrastive, GenerationListener listener,
                                  Cancellation cancellation) {
        int chunk = contrastive ? prompt.length : prefillChunkTokens;
        listener.promptRead(cache.length(), prompt.length);
        ForwardResult last = null;
        for (int from = cache.length(); from < prompt.length; from += chunk) {
            if (cancellation.isCancelled()) {
                return null;
            }
            int to = Math.min(prompt.length, from + chunk);
            last = backend.forward(cache, Arrays.copyOfRange(prompt, from, to), contrastive);
            listener.promptRead(to, prompt.length);
        }
        return last;
    }

    private void decodeLoop(List<Sequence> sequences, int maxNewTokens, GenerationListener listener, Cancellation cancellation) {
        for (int step = 0; step < maxNewTokens; step++) {
            List<Sequence> stepping = new ArrayList<>();
            for (Sequence s : sequences) {
                if (s.finish != null) {
                    continue;
                }
                if (cancellation.isCancelled()) {
                    s.finish(FinishReason.CANCELLED);
                    continue;
                }
                SampledToken token = s.sampler.mode() == DecodingMode.CONTRASTIVE
                        ? contrastiveStep(s, step) : s.sampler.next(s.logits, s.history, s.length, step);
                s.accept(token, step, listener, maxNewTokens);
                if (s.finish == null && s.sampler.mode() != DecodingMode.CONTRASTIVE) {
                    stepping.add(s);
                }
            }
            if (cancellation.isCancelled()) {
                // A listener cancelled during this step: free the caches now, not after one more decode step.
                sequences.stream().filter(s -> s.finish == null).forEach(s -> s.finish(FinishReason.CANCELLED));
                return;
            }
            if (stepping.isEmpty()) {
                continue;
            }
            int[] ids = stepping.stream().mapToInt(s -> s.history[s.length - 1]).toArray();
            ForwardResult result = backend.decode(stepping.stream().map(s -> s.cache).toList(), ids);
            for (int i = 0; i < stepping.size(); i++) {
                stepping.get(i).logits = result.logits()[i];
            }
        }
    }

    /**
     * Hugging Face's contrastive search step: run every top_k candidate one position further (as a batch over
     * copies of the cache), then keep the candidate whose confidence minus degeneration penalty is highest. The
     * kept candidate's cache, logits and hidden state carry on.
     */
    private SampledToken contrastiveStep(Sequence s, int step) {
        Candidates candidates = s.sampler.candidates(s.logits, s.history, s.length, step);
        List<TokenProbability> options = candidates.candidates();
        List<KvCache> copies = new ArrayList<>(options.size());
        int chosen = -1;
        try {
            for (int i = 0; i < options.size(); i++) {
                copies.add(s.cache.copy());
            }
            int[] ids = options.stream().mapToInt(TokenProbability::tokenId).toArray();
            ForwardResult ahead = backend.decode(copies, ids);
            chosen = ContrastiveSearch.select(options, ahead.hidden(), s.contextHidden, s.length, s.spec.params().penaltyAlpha());
            s.cache.close();
            s.cache = copies.get(chosen);
            s.logits = ahead.logits()[chosen];
            s.contextHidden[s.length] = ahead.hidden()[chosen];
            return candidates.choose(chosen);
        } finally {
            for (int i = 0; i < copies.size(); i++) {
                if (i != chosen) {
                    copies.get(i).close();
                }
            }
        }
    }

    /** The state of one sequence while it generates. */
    private final class Sequence implements AutoCloseable {
        final int index;
        final SequenceSpec spec;
        final TokenSampler sampler;
        final int[] history;
        final int promptLength;
        final float[][] contextHidden;
        final TextStream textStream;
        final StringBuilder text = new StringBuilder();
        final StopMatcher stops;
        KvCache cache;
        float[] logits;
        int length;
        FinishReason finish;

        Sequence(int index, SequenceSpec spec, TokenSampler sampler, KvCache cache, int[] prompt, int capacity,
                 ForwardResult prefill, StopMatcher stops) {
            this.index = index;
            this.spec = spec;
            this.sampler = sampler;
            this.cache = cache;
            this.history = Arrays.copyOf(prompt, capacity);
            this.length = prompt.length;
            this.promptLength = prompt.length;
            this.logits = prefill.lastLogits().clone();
            this.stops = stops;
            this.textStream = tokenizer == null ? null : tokenizer.textStream();
            if (spec.params().mode() == DecodingMode.CONTRASTIVE) {
                contextHidden = new float[capacity][];
                System.arraycopy(prefill.hidden(), 0, contextHidden, 0, prompt.length);
            } else {
                contextHidden = null;
            }
        }

        void accept(SampledToken token, int step, GenerationListener listener, int maxNewTokens) {
            int id = token.tokenId();
            history[length++] = id;
            boolean eos = id == backend.config().eosTokenId();
            String delta = textStream == null || eos ? "" : textStream.append(id);
            listener.token(new TokenEvent(index, step, id, delta, token.logprob(), alternatives(token)));
            text.append(delta);
            int stopAt = stops.stopIndex(text.toString());
            if (eos) {
                finish = FinishReason.EOS;
            } else if (stopAt >= 0) {
                text.setLength(stopAt);
                finish = FinishReason.STOP;
            } else if (step + 1 == maxNewTokens) {
                finish = FinishReason.LENGTH;
            }
            if (finish != null) {
                release();
            }
        }

        private List<TokenEvent.Alternative> alternatives(SampledToken token) {
            return token.top().stream()
                    .map(t -> new TokenEvent.Alternative(t.tokenId(), tokenizer == null ? "" : tokenizer.decode(new int[] {t.tokenId()}), t.probability()))
                    .toList();
        }

        void finish(FinishReason reason) {
            finish = reason;
            release();
        }

        GenerationResult result(int cachedPromptTokens, double prefillSeconds, double decodeSeconds) {
            return new GenerationResult(Arrays.copyOfRange(history, promptLength, length), text.toString(),
                    finish, promptLength, cachedPromptTokens, prefillSeconds, decodeSeconds);
        }

        /**
         * Gives up the KV cache as soon as the sequence ends, not when the whole batch does: the first sequence's
         * goes to the prompt cache, which keeps it or frees it; the others' are freed.
         */
        private void release() {
            if (index == 0) {
                promptCache.keep(cache, Arrays.copyOf(history, cache.length()));
                cache = null;
            } else {
                close();
            }
        }

        /** Frees the KV cache, as a generation that failed does. */
        @Override
        public void close() {
            if (cache != null) {
                cache.close();
                cache = null;
            }
        }
    }

    /** Frees the kept prompt's KV cache, if any. */
    @Override
    public void close() {
        promptCache.close();
    }
}
