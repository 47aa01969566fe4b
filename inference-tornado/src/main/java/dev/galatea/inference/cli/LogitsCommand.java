package dev.galatea.inference.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galatea.inference.GalateaException;
import dev.galatea.inference.backend.ForwardResult;
import dev.galatea.inference.backend.KvCache;
import dev.galatea.inference.sampling.LogitsChain;
import dev.galatea.inference.sampling.SamplingParams;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "logits", mixinStandardHelpOptions = true,
        description = {"Print the model's logits for a sequence of token ids as JSON: {\"logits\":[[...]]}, "
                + "one row per position with --all-positions, else the last position only.",
            "With --warp, print {\"probs\":[...]}: the softmax of the last position's scores after Hugging Face's "
                    + "processors and warpers (history = the given ids), 0 for removed tokens."})
final class LogitsCommand implements Runnable {

    /** The neutral settings --warp starts from, so only the named steps apply (not HF's top_k=50 default). */
    private static final SamplingParams NEUTRAL = new SamplingParams(1.0, 0, 1.0, 0.0, 1.0, 1.0, 0, 0.0, true, java.util.List.of());

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--ids", required = true, description = "Comma-separated token ids, e.g. 1,2,3.")
    String ids;

    @Option(names = "--all-positions", description = "One row per input position instead of the last only.")
    boolean allPositions;

    @Option(names = "--warp", description = "Hugging Face settings, e.g. \"temperature=0.7,top_k=40,top_p=0.95,typical_p=0.9,"
            + "min_p=0.05,repetition_penalty=1.2,no_repeat_ngram_size=3\".")
    String warp;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        int[] tokens = TokenIds.parse(ids);
        SamplingParams params = warp == null ? null : SamplingParams.parse(warp, NEUTRAL);
        if (params != null && allPositions) {
            throw new GalateaException("--warp applies to the last position only; drop --all-positions");
        }
        try (ModelOptions.LoadedModel loaded = modelOptions.load(spec.commandLine().getErr()::println, 1);
             KvCache cache = loaded.backend().newCache(tokens.length)) {
            int vocab = loaded.backend().config().vocabSize();
            for (int id : tokens) {
                if (id < 0 || id >= vocab) {
                    throw new GalateaException("--ids: token id " + id + " is outside the model's vocabulary of " + vocab);
                }
            }
            if (tokens.length > loaded.backend().config().nPositions()) {
                throw new GalateaException("--ids holds " + tokens.length + " tokens, more than the model's context of "
                        + loaded.backend().config().nPositions());
            }
            ForwardResult result = loaded.backend().forward(cache, tokens, allPositions);
            PrintWriter out = spec.commandLine().getOut();
            if (params == null) {
                write(out, "logits", result.logits());
            } else {
                float[] scores = result.lastLogits().clone();
                LogitsChain chain = LogitsChain.of(params, vocab);
                chain.process(scores, tokens, tokens.length);
                chain.warp(scores);
                write(out, "probs", softmax(scores));
            }
        }
    }

    private static float[] softmax(float[] scores) {
        float max = Float.NEGATIVE_INFINITY;
        for (float s : scores) {
            max = Math.max(max, s);
        }
        double sum = 0;
        double[] weights = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            weights[i] = Math.exp((double) scores[i] - max); // a float difference would round away up to 1e-6 of p
            sum += weights[i];
        }
        float[] probs = new float[scores.length];
        for (int i = 0; i < scores.length; i++) {
            probs[i] = (float) (weights[i] / sum);
        }
        return probs;
    }

    private static void write(PrintWriter out, String field, Object value) {
        try {
            ObjectMapper mapper = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            mapper.writeValue(out, java.util.Map.of(field, value));
            out.println();
            out.flush();
        } catch (IOException e) {
            throw new GalateaException("cannot write the output: " + e.getMessage(), e);
        }
    }
}
