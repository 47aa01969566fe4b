package dev.galatea.chat.settings;

import dev.galatea.chat.prompt.PromptBuilder;
import dev.galatea.chat.prompt.StopStrings;
import java.util.ArrayList;
import java.util.List;

/**
 * How a reply is generated, with the Pygmalion UI's ranges (see {@link Setting}); a value outside them cannot be
 * constructed. Names follow Hugging Face's {@code generate()} arguments.
 *
 * @param seed         null for a new random seed per reply
 * @param stopStrings  texts that end generation (see {@link StopStrings#forChat})
 * @param bannedWords  texts the model may never produce ({@code bad_words_ids})
 * @param historyTurns the most recent turns a prompt keeps, as the prompt request's turn window; 0 keeps all that fit
 */
public record GenerationSettings(int maxNewTokens, double temperature, double topP, int topK, double typicalP,
                                 double repetitionPenalty, double penaltyAlpha, double minP, boolean doSample,
                                 Long seed, List<String> stopStrings, List<String> bannedWords, int historyTurns) {

    /** The Pygmalion gradio UI's defaults, with its stop sentinel, bad words and window of turns. */
    public static final GenerationSettings PYGMALION_DEFAULTS = new GenerationSettings(196, 0.5, 0.9, 0, 1.0, 1.05,
            0.0, 0.0, true, null, List.of(StopStrings.NEXT_USER_TURN), List.of("Persona:", "Scenario:", "<START>"),
            PromptBuilder.NOTEBOOK_TURN_WINDOW);

    public GenerationSettings {
        Setting.MAX_NEW_TOKENS.check(maxNewTokens);
        Setting.HISTORY_TURNS.check(historyTurns);
        Setting.TEMPERATURE.check(temperature);
        Setting.TOP_P.check(topP);
        Setting.TOP_K.check(topK);
        Setting.TYPICAL_P.check(typicalP);
        Setting.REPETITION_PENALTY.check(repetitionPenalty);
        Setting.PENALTY_ALPHA.check(penaltyAlpha);
        Setting.MIN_P.check(minP);
        stopStrings = nonEmptyTexts(Setting.STOP_STRINGS, stopStrings);
        bannedWords = nonEmptyTexts(Setting.BANNED_WORDS, bannedWords);
    }

    /**
     * Contrastive search when penalty_alpha &gt; 0 and top_k &gt; 1 (whatever do_sample says, so that moving the
     * penalty_alpha slider is never silently ignored), else sampling or greedy by do_sample.
     */
    public DecodingMode decodingMode() {
        if (penaltyAlpha > 0 && topK > 1) {
            return DecodingMode.CONTRASTIVE;
        }
        return doSample ? DecodingMode.SAMPLE : DecodingMode.GREEDY;
    }

    /** These settings with the seed a reply was generated with, to store beside it. */
    public GenerationSettings withSeed(Long newSeed) {
        return new GenerationSettings(maxNewTokens, temperature, topP, topK, typicalP, repetitionPenalty, penaltyAlpha,
                minP, doSample, newSeed, stopStrings, bannedWords, historyTurns);
    }

    private static List<String> nonEmptyTexts(Setting setting, List<String> texts) {
        if (texts == null) {
            return List.of();
        }
        List<String> checked = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isEmpty()) {
                throw new SettingsException(setting, setting.key() + " entry " + (i + 1) + " is empty");
            }
            checked.add(text);
        }
        return List.copyOf(checked);
    }
}
