package dev.galatea.inference.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galatea.inference.GalateaException;
import dev.galatea.inference.generate.BadWordIds;
import dev.galatea.inference.generate.Cancellation;
import dev.galatea.inference.generate.GenerationListener;
import dev.galatea.inference.generate.GenerationRequest;
import dev.galatea.inference.generate.GenerationResult;
import dev.galatea.inference.generate.Generator;
import dev.galatea.inference.generate.SequenceSpec;
import dev.galatea.inference.generate.StopMatcher;
import dev.galatea.inference.generate.TokenEvent;
import dev.galatea.inference.sampling.DecodingMode;
import dev.galatea.inference.sampling.SamplingParams;
import dev.galatea.inference.tokenizer.GptjTokenizer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Continue a prompt. Text streams to stdout; prompt and decode tokens/s go to stderr.",
            "Sampling defaults are the Pygmalion notebook's: temperature 0.5, top_p 0.9, top_k 0, typical_p 1, "
                    + "repetition_penalty 1.05."})
final class GenerateCommand implements Runnable {
    private static final double PYGMALION_REPETITION_PENALTY = 1.05;

    @Mixin
    ModelOptions modelOptions;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--prompt", description = "Prompt text (needs the model's tokenizer).")
        String prompt;

        @Option(names = "--ids", description = "Prompt as comma-separated token ids, e.g. 1,2,3.")
        String ids;
    }

    @Option(names = "--max-new-tokens", defaultValue = "196", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--greedy", description = "Take the most likely token at every step (do_sample=false).")
    boolean greedy;

    @Option(names = "--temperature", defaultValue = "0.5", description = "Default: ${DEFAULT-VALUE}; 0 means greedy.")
    double temperature;

    @Option(names = "--top-p", defaultValue = "0.9", description = "Nucleus sampling, in (0, 1] (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--top-k", defaultValue = "0", description = "Keep the k most likely tokens; 0 turns it off (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--typical-p", defaultValue = "1.0", description = "Typical sampling, in (0, 1] (default: ${DEFAULT-VALUE}).")
    double typicalP;

    @Option(names = "--min-p", defaultValue = "0", description = "Drop tokens below min_p × the top probability (default: ${DEFAULT-VALUE}).")
    double minP;

    /** Null when not given: --greedy then means plain argmax, as golden greedy runs and Hugging Face's defaults do. */
    @Option(names = "--repetition-penalty",
            description = "Default: 1.05, or 1 (off) with --greedy; 1 turns it off.")
    Double repetitionPenalty;

    @Option(names = "--no-repeat-ngram-size", defaultValue = "0", description = "Default: ${DEFAULT-VALUE} (off).")
    int noRepeatNgramSize;

    @Option(names = "--penalty-alpha", defaultValue = "0",
            description = "Contrastive search when > 0 (with --top-k > 1) (default: ${DEFAULT-VALUE}).")
    double penaltyAlpha;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stop", description = "Stop when this text appears (repeatable); it is cut from the output.")
    List<String> stops = new ArrayList<>();

    @Option(names = "--bad-words", description = "Never generate this text (repeatable); banned as token sequences, "
            + "with and without a leading space.")
    List<String> badWords = new ArrayList<>();

    @Option(names = "--batch", defaultValue = "1",
            description = "Generate this many sequences together (seeds seed, seed+1, ...); also times one sequence for comparison.")
    int batch;

    @Option(names = "--format", defaultValue = "text", description = "text or json: {\"ids\":[new ids],\"text\":\"...\"} (default: ${DEFAULT-VALUE}).")
    String format;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (!format.equals("text") && !format.equals("json")) {
            throw new GalateaException("--format must be text or json, not \"" + format + "\"");
        }
        if (batch < 1 || batch > 16) {
            throw new GalateaException("--batch must be between 1 and 16, not " + batch);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Settings are checked before the model loads, so a typo costs no load and gets its message alone.
        SamplingParams settings = settings(err);
        int[] ids = input.ids == null ? null : TokenIds.parse(input.ids);
        // Sequences generated together, plus the candidates a contrastive search step runs ahead beside them.
        int caches = batch + (settings.mode() == DecodingMode.CONTRASTIVE ? settings.topK() : 0);
        try (ModelOptions.LoadedModel loaded = modelOptions.load(err::println, caches);
             GptjTokenizer tokenizer = needsText() || GptjTokenizer.isPresent(modelOptions.model)
                     ? GptjTokenizer.load(modelOptions.model) : null) {
            int[] prompt = ids != null ? ids : tokenizer.encode(input.prompt);
            SamplingParams params = badWords.isEmpty() ? settings : settings.withBadWordsIds(BadWordIds.of(tokenizer, badWords));
            Generator generator = new Generator(loaded.backend(), tokenizer);
            List<SequenceSpec> sequences = IntStream.range(0, batch)
                    .mapToObj(i -> new SequenceSpec(params, seed + i)).toList();
            if (batch == 1) {
                StreamingPrinter printer = new StreamingPrinter(out, stops);
                GenerationResult result = generator.generate(new GenerationRequest(prompt, sequences, maxNewTokens, stops),
                        format.equals("text") ? printer : event -> { }, new Cancellation()).get(0);
                if (format.equals("json")) {
                    out.println(json(result));
                } else {
                    out.println(result.text().substring(printer.printed));
                }
                out.flush();
                err.printf(Locale.ROOT, "prompt: %d tokens, %.1f tokens/s; decode: %d tokens, %.2f tokens/s (%s)%n",
                        result.promptTokens(), result.prefillTokensPerSecond(), result.newIds().length,
                        result.decodeTokensPerSecond(), loaded.backend().name());
                return;
            }
            GenerationResult single = generator.generate(new GenerationRequest(prompt, sequences.subList(0, 1), maxNewTokens, stops),
                    event -> { }, new Cancellation()).get(0);
            List<GenerationResult> results = generator.generate(new GenerationRequest(prompt, sequences, maxNewTokens, stops),
                    event -> { }, new Cancellation());
            ArrayNode all = new ObjectMapper().createArrayNode();
            for (int i = 0; i < results.size(); i++) {
                if (format.equals("json")) {
                    all.add(json(results.get(i)));
                } else {
                    out.printf("--- sequence %d (seed %d) ---%n%s%n", i, seed + i, results.get(i).text());
                }
            }
            if (format.equals("json")) {
                out.println(new ObjectMapper().createObjectNode().set("sequences", all));
            }
            out.flush();
            long batchTokens = results.stream().mapToLong(r -> Math.max(0, r.newIds().length - 1)).sum();
            err.printf(Locale.ROOT, "decode: batch of %d %.2f tokens/s in all, single sequence %.2f tokens/s: "
                            + "a batch step costs %.2f× a single step%n",
                    batch, batchTokens / results.get(0).decodeSeconds(), single.decodeTokensPerSecond(),
                    secondsPerStep(results) / secondsPerStep(List.of(single)));
        }
    }

    /** Decode seconds per step of one generation (its sequences step together; the prefill gives the first token). */
    private static double secondsPerStep(List<GenerationResult> results) {
        int steps = results.stream().mapToInt(r -> r.newIds().length - 1).max().orElse(0);
        return results.get(0).decodeSeconds() / Math.max(1, steps);
    }

    /** Whether this run cannot do without a tokenizer; otherwise one is used only if the model directory has it. */
    private boolean needsText() {
        return input.prompt != null || !stops.isEmpty() || !badWords.isEmpty() || format.equals("text");
    }

    /** The sampling settings without the bad words, which need the tokenizer. */
    private SamplingParams settings(PrintWriter err) {
        boolean sample = !greedy && penaltyAlpha == 0;
        double penalty = repetitionPenalty != null ? repetitionPenalty : greedy ? 1.0 : PYGMALION_REPETITION_PENALTY;
        SamplingParams settings = new SamplingParams(temperature, topK, topP, minP, typicalP, penalty, noRepeatNgramSize,
                penaltyAlpha, sample && temperature > 0, List.of());
        if (sample && temperature == 0) {
            err.println("galatea: temperature 0 with sampling means greedy decoding; decoding greedily");
        }
        return settings;
    }

    private static ObjectNode json(GenerationResult result) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        ArrayNode ids = node.putArray("ids");
        for (int id : result.newIds()) {
            ids.add(id);
        }
        node.put("text", result.text());
        node.put("finish_reason", result.finishReason().wireName());
        return node;
    }

    /** Prints text as it streams, holding back any tail that could still turn into a stop string. */
    private static final class StreamingPrinter implements GenerationListener {
        private final PrintWriter out;
        private final StopMatcher stops;
        private final StringBuilder text = new StringBuilder();
        private int printed;

        StreamingPrinter(PrintWriter out, List<String> stops) {
            this.out = out;
            this.stops = new StopMatcher(stops);
        }

        @Override
        public void token(TokenEvent event) {
            text.append(event.text());
            int stopAt = stops.stopIndex(text.toString());
            int safe = stopAt >= 0 ? stopAt : stops.safeLength(text.toString());
            if (safe > printed) {
                out.print(text.substring(printed, safe));
                out.flush();
                printed = safe;
            }
        }
    }
}
