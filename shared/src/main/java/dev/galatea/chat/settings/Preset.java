package dev.galatea.chat.settings;

/**
 * A named set of sampler values. Applying it replaces every sampler setting and keeps the user's max_new_tokens,
 * seed, stop strings, banned words and turns in the prompt, as text-generation-webui's presets do.
 *
 * @param origin where the values come from, shown beside the name
 */
public record Preset(String name, String origin, double temperature, double topP, int topK, double typicalP,
                     double repetitionPenalty, double penaltyAlpha, double minP, boolean doSample) {
    public Preset {
        apply(GenerationSettings.PYGMALION_DEFAULTS, temperature, topP, topK, typicalP, repetitionPenalty,
                penaltyAlpha, minP, doSample);
    }

    /** The sampler values of {@code settings} under a name. */
    public static Preset of(String name, String origin, GenerationSettings settings) {
        return new Preset(name, origin, settings.temperature(), settings.topP(), settings.topK(), settings.typicalP(),
                settings.repetitionPenalty(), settings.penaltyAlpha(), settings.minP(), settings.doSample());
    }

    public GenerationSettings applyTo(GenerationSettings settings) {
        return apply(settings, temperature, topP, topK, typicalP, repetitionPenalty, penaltyAlpha, minP, doSample);
    }

    private static GenerationSettings apply(GenerationSettings base, double temperature, double topP, int topK,
                                            double typicalP, double repetitionPenalty, double penaltyAlpha, double minP,
                                            boolean doSample) {
        return new GenerationSettings(base.maxNewTokens(), temperature, topP, topK, typicalP, repetitionPenalty,
                penaltyAlpha, minP, doSample, base.seed(), base.stopStrings(), base.bannedWords(), base.historyTurns());
    }
}
