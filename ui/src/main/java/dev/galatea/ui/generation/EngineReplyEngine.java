package dev.galatea.ui.generation;

import dev.galatea.chat.settings.DecodingMode;
import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.inference.GalateaException;
import dev.galatea.inference.backend.Backend;
import dev.galatea.inference.backend.Backends;
import dev.galatea.inference.generate.BadWordIds;
import dev.galatea.inference.generate.Cancellation;
import dev.galatea.inference.generate.GenerationListener;
import dev.galatea.inference.generate.GenerationRequest;
import dev.galatea.inference.generate.GenerationResult;
import dev.galatea.inference.generate.Generator;
import dev.galatea.inference.generate.SequenceSpec;
import dev.galatea.inference.model.GptjModel;
import dev.galatea.inference.sampling.SamplingParams;
import dev.galatea.inference.tokenizer.GptjTokenizer;
import dev.galatea.ui.GalateaProperties;
import dev.galatea.ui.compare.ComparisonEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The UI's port implemented over the real engine: the model loads once per process, and generations run one at a
 * time on a single worker thread, in the order they were asked for. The last reply's KV cache is kept, so a chat's
 * next turn or a regenerate runs only the prompt tokens after the part it shares with that reply.
 */
@Component
public class EngineReplyEngine implements ReplyEngine, ComparisonEngine, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(EngineReplyEngine.class);

    private final GptjModel model;
    private final Backend backend;
    private final GptjTokenizer tokenizer;
    private final Generator generator;
    private final ModelSummary summary;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform()
            .name("galatea-generation").daemon().factory());

    public EngineReplyEngine(GalateaProperties properties) {
        boolean demo = properties.model() == null;
        Path directory = demo ? DemoModel.ensure(properties.dataDir()) : properties.model();
        this.model = GptjModel.load(directory);
        try {
            this.backend = Backends.open(model, properties.backend(), log::info);
            this.tokenizer = GptjTokenizer.load(directory);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        this.generator = Generator.keepingPrompts(backend, tokenizer);
        this.summary = new ModelSummary(demo ? DemoModel.NAME : model.name(), model.parameterCount(),
                model.dtype().name(), backend.name(), demo, ModelFingerprint.of(directory), model.config().nPositions());
        log.info("Model {} loaded: {} parameters, {}, backend {}", summary.name(), summary.parameterCount(),
                summary.dtype(), summary.backend());
    }

    @Override
    public ModelSummary model() {
        return summary;
    }

    @Override
    public int countTokens(String text) {
        return tokenizer.countTokens(text);
    }

    @Override
    public ReplyHandle generate(ReplyRequest request, ReplyListener listener) {
        Cancellation cancellation = new Cancellation();
        worker.execute(() -> run(request, listener, cancellation));
        return cancellation::cancel;
    }

    @Override
    public ReplyHandle compare(ComparisonRequest request, ComparisonListener listener) {
        Cancellation cancellation = new Cancellation();
        worker.execute(() -> {
            List<SequenceSpec> columns = request.columns().stream()
                    .map(c -> new SequenceSpec(samplingParams(c.settings()), c.seed())).toList();
            run(request.prompt(), columns, request.maxNewTokens(), request.stopStrings(), cancellation,
                    listener::onPromptRead, listener::onToken, listener::onColumnDone, listener::onError);
        });
        return cancellation::cancel;
    }

    private void run(ReplyRequest request, ReplyListener listener, Cancellation cancellation) {
        run(request.prompt(), List.of(new SequenceSpec(samplingParams(request.settings()), request.seed())),
                request.settings().maxNewTokens(), request.stopStrings(), cancellation, listener::onPromptRead,
                (column, token) -> listener.onToken(token), (column, result) -> listener.onDone(result),
                listener::onError);
    }

    /** One generation of one or more sequences, its events translated into the UI's terms. */
    private void run(String prompt, List<SequenceSpec> sequences, int maxNewTokens, List<String> stopStrings,
                     Cancellation cancellation, BiConsumer<Integer, Integer> onPromptRead,
                     BiConsumer<Integer, TokenEvent> onToken, BiConsumer<Integer, ReplyResult> onDone,
                     Consumer<String> onError) {
        try {
            GenerationRequest generation = new GenerationRequest(tokenizer.encode(prompt), sequences, maxNewTokens, stopStrings);
            List<GenerationResult> results = generator.generate(generation, new GenerationListener() {
                @Override
                public void promptRead(int read, int total) {
                    onPromptRead.accept(read, total);
                }

                @Override
                public void token(dev.galatea.inference.generate.TokenEvent event) {
                    onToken.accept(event.sequence(), new TokenEvent(event.tokenId(), event.text(), event.logprob(),
                            event.top().stream().map(t -> new TokenAlternative(t.text(), t.probability())).toList()));
                }
            }, cancellation);
            GenerationResult first = results.get(0);
            log.info("Generated {} sequence(s): prompt {} tokens, {} of them reused from the last reply, prefill {} s;"
                            + " decode {} tokens/s", results.size(), first.promptTokens(), first.cachedPromptTokens(),
                    String.format(Locale.ROOT, "%.2f", first.prefillSeconds()),
                    String.format(Locale.ROOT, "%.2f", first.decodeTokensPerSecond()));
            for (int i = 0; i < results.size(); i++) {
                GenerationResult result = results.get(i);
                onDone.accept(i, new ReplyResult(result.text(), result.finishReason().wireName(), result.promptTokens(),
                        result.cachedPromptTokens(), result.prefillSeconds(), result.newIds().length,
                        result.decodeTokensPerSecond()));
            }
        } catch (GalateaException e) {
            onError.accept(e.getMessage());
        } catch (RuntimeException e) {
            log.error("Generation failed", e);
            onError.accept("The generation failed unexpectedly (" + e.getClass().getSimpleName() + "); see the server log.");
        }
    }

    /**
     * The chat settings in the engine's terms. The Pygmalion sliders allow top_p and typical_p of 0, which keep only
     * the most likely token (Hugging Face keeps at least one); the smallest positive value does exactly that.
     */
    SamplingParams samplingParams(GenerationSettings s) {
        boolean contrastive = s.decodingMode() == DecodingMode.CONTRASTIVE;
        return new SamplingParams(s.temperature(), s.topK(), Math.max(s.topP(), Double.MIN_VALUE), s.minP(),
                Math.max(s.typicalP(), Double.MIN_VALUE), s.repetitionPenalty(), 0,
                contrastive ? s.penaltyAlpha() : 0, s.doSample() && !contrastive,
                s.bannedWords().isEmpty() ? List.of() : BadWordIds.of(tokenizer, s.bannedWords()));
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
        generator.close();
        backend.close();
        tokenizer.close();
        model.close();
    }
}
