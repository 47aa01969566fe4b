package dev.galatea.inference.sampling;

import dev.galatea.inference.GalateaException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The generation settings of Hugging Face's {@code generate()}, with its names and meanings. A setting at its
 * neutral value (temperature 1, top_k 0, top_p 1, min_p 0, typical_p 1, repetition_penalty 1,
 * no_repeat_ngram_size 0, penalty_alpha 0) does nothing, as in Hugging Face.
 *
 * @param badWordsIds token sequences that must not be generated (Hugging Face's {@code bad_words_ids})
 */
public record SamplingParams(
        double temperature,
        int topK,
        double topP,
        double minP,
        double typicalP,
        double repetitionPenalty,
        int noRepeatNgramSize,
        double penaltyAlpha,
        boolean doSample,
        List<List<Integer>> badWordsIds) {

    /** Hugging Face's GenerationConfig defaults, except that Galatea samples unless told not to. */
    public static final SamplingParams DEFAULTS = new SamplingParams(1.0, 50, 1.0, 0.0, 1.0, 1.0, 0, 0.0, true, List.of());

    /** Hugging Face's greedy decoding: do_sample=false and no logits processors. */
    public static final SamplingParams GREEDY = new SamplingParams(1.0, 0, 1.0, 0.0, 1.0, 1.0, 0, 0.0, false, List.of());

    private static final List<String> KEYS = List.of(
            "temperature", "top_k", "top_p", "min_p", "typical_p", "repetition_penalty",
            "no_repeat_ngram_size", "penalty_alpha", "do_sample");

    /** Plain decimal notation only: Java would also take "NaN", "Infinity", "1d" and hex floats. */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    public SamplingParams {
        requireAtLeast("temperature", temperature, 0, "temperature must be >= 0 (0 means greedy)");
        if (topK < 0) {
            throw new GalateaException("top_k=" + topK + " is out of range: top_k must be >= 0 (0 turns it off)");
        }
        requireUnitInterval("top_p", topP, false);
        requireUnitInterval("min_p", minP, true);
        requireUnitInterval("typical_p", typicalP, false);
        if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
            throw new GalateaException("repetition_penalty=" + repetitionPenalty
                    + " is out of range: repetition_penalty must be > 0 (1 turns it off)");
        }
        if (noRepeatNgramSize < 0) {
            throw new GalateaException("no_repeat_ngram_size=" + noRepeatNgramSize
                    + " is out of range: no_repeat_ngram_size must be >= 0 (0 turns it off)");
        }
        requireUnitInterval("penalty_alpha", penaltyAlpha, true);
        badWordsIds = List.copyOf(badWordsIds.stream().map(List::copyOf).toList());
        for (List<Integer> sequence : badWordsIds) {
            if (sequence.isEmpty() || sequence.stream().anyMatch(id -> id < 0)) {
                throw new GalateaException("bad_words_ids holds " + sequence
                        + "; each entry must be a non-empty list of token ids >= 0");
            }
        }
    }

    /**
     * How the next token is chosen: contrastive search when penalty_alpha &gt; 0 and top_k &gt; 1, whatever
     * do_sample says (Hugging Face would also need do_sample=false, but a penalty_alpha that was set must not be
     * ignored; the chat settings in module shared decide the same way), else sampling when do_sample and
     * temperature &gt; 0, else greedy.
     */
    public DecodingMode mode() {
        if (penaltyAlpha > 0 && topK > 1) {
            return DecodingMode.CONTRASTIVE;
        }
        return doSample && temperature > 0 ? DecodingMode.SAMPLE : DecodingMode.GREEDY;
    }

    /** True when sampling was asked for but temperature 0 makes it greedy, so a caller can tell the user so. */
    public boolean zeroTemperatureMakesGreedy() {
        return doSample && temperature == 0 && mode() == DecodingMode.GREEDY;
    }

    /** {@link #parse(String, SamplingParams)} on top of {@link #DEFAULTS}. */
    public static SamplingParams parse(String spec) {
        return parse(spec, DEFAULTS);
    }

    /**
     * Reads the CLI form {@code temperature=0.7,top_k=40,top_p=0.95,do_sample=true}: Hugging Face's names,
     * comma-separated, each at most once; settings not named keep their value from {@code base}.
     */
    public static SamplingParams parse(String spec, SamplingParams base) {
        double temperature = base.temperature;
        int topK = base.topK;
        double topP = base.topP;
        double minP = base.minP;
        double typicalP = base.typicalP;
        double repetitionPenalty = base.repetitionPenalty;
        int noRepeatNgramSize = base.noRepeatNgramSize;
        double penaltyAlpha = base.penaltyAlpha;
        boolean doSample = base.doSample;
        Set<String> seen = new HashSet<>();
        for (String part : spec.split(",", -1)) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new GalateaException("sampling setting \"" + part.trim() + "\" has no value: write key=value, e.g. top_p=0.9");
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (!KEYS.contains(key)) {
                throw new GalateaException("unknown sampling setting \"" + key + "\"; known settings: " + String.join(", ", KEYS));
            }
            if (!seen.add(key)) {
                throw new GalateaException("sampling setting " + key + " is given twice");
            }
            switch (key) {
                case "temperature" -> temperature = decimal(key, value);
                case "top_k" -> topK = integer(key, value);
                case "top_p" -> topP = decimal(key, value);
                case "min_p" -> minP = decimal(key, value);
                case "typical_p" -> typicalP = decimal(key, value);
                case "repetition_penalty" -> repetitionPenalty = decimal(key, value);
                case "no_repeat_ngram_size" -> noRepeatNgramSize = integer(key, value);
                case "penalty_alpha" -> penaltyAlpha = decimal(key, value);
                case "do_sample" -> doSample = bool(key, value);
                default -> throw new IllegalStateException("KEYS and this switch list the same settings: " + key);
            }
        }
        return new SamplingParams(temperature, topK, topP, minP, typicalP, repetitionPenalty,
                noRepeatNgramSize, penaltyAlpha, doSample, base.badWordsIds);
    }

    public SamplingParams withBadWordsIds(List<List<Integer>> sequences) {
        return new SamplingParams(temperature, topK, topP, minP, typicalP, repetitionPenalty,
                noRepeatNgramSize, penaltyAlpha, doSample, sequences);
    }

    private static double decimal(String key, String value) {
        if (!DECIMAL.matcher(value).matches()) {
            throw new GalateaException("sampling setting " + key + "=\"" + value + "\" is not a number");
        }
        return Double.parseDouble(value);
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new GalateaException("sampling setting " + key + "=\"" + value + "\" is not a whole number", e);
        }
    }

    private static boolean bool(String key, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new GalateaException("sampling setting " + key + "=\"" + value + "\" must be true or false");
        };
    }

    private static void requireAtLeast(String name, double value, double min, String rule) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new GalateaException(name + "=" + value + " is out of range: " + rule);
        }
    }

    /** [0, 1] when zero is allowed (it turns the setting off), (0, 1] otherwise. */
    private static void requireUnitInterval(String name, double value, boolean zeroAllowed) {
        boolean ok = zeroAllowed ? value >= 0 && value <= 1 : value > 0 && value <= 1;
        if (!ok) {
            throw new GalateaException(name + "=" + value + " is out of range: " + name + " must be in "
                    + (zeroAllowed ? "[0, 1]" : "(0, 1]"));
        }
    }
}
