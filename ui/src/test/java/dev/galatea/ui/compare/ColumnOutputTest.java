package dev.galatea.ui.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.generation.TokenEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnOutputTest {

    private static final GenerationSettings SETTINGS = GenerationSettings.PYGMALION_DEFAULTS;

    @Test
    void statisticsReadTokensPerSecondCountMeanLogprobAndEnding() {
        assertEquals("41.5 tok/s · 2 tokens · mean logprob -0.875 · eos",
                ColumnOutput.statistics(column(41.49, "eos", token(1, " Hi", -0.25), token(2, "!", -1.5))));
        assertEquals("0.0 tok/s · 0 tokens · mean logprob – · cancelled", ColumnOutput.statistics(column(0, "cancelled")));
    }

    @Test
    void divergenceNamesTheTokenOfBothColumnsOrWhichOneEnded() {
        ComparedColumn reference = column(1, "length", token(1, " Hi", -1), token(2, "\n", -1), token(3, " there", -1));
        ComparedColumn other = column(1, "length", token(1, " Hi", -1), token(9, "\n\n", -1), token(3, " there", -1));
        ComparedColumn shorter = column(1, "eos", token(1, " Hi", -1));

        assertEquals("From token 2: \"\\n\\n\" where column 1 has \"\\n\".",
                ColumnOutput.describeDivergence(Divergence.firstDifference(reference.tokens(), other.tokens()),
                        reference, other));
        assertEquals("From token 2: ends where column 1 goes on with \"\\n\".",
                ColumnOutput.describeDivergence(1, reference, shorter));
        assertEquals("From token 2: \"\\n\" where column 1 has ended.",
                ColumnOutput.describeDivergence(1, shorter, reference));
        assertEquals("Same tokens as column 1.", ColumnOutput.describeDivergence(Divergence.NONE, reference, reference));
    }

    @Test
    void settingsSummaryNamesOnlyWhatTheDecodingModeUses() {
        assertEquals("temperature 0.5 · top_p 0.9 · top_k 0 · typical_p 1 · min_p 0 · repetition_penalty 1.05 · "
                + "max_new_tokens 196", SettingsSummary.of(SETTINGS));
        assertEquals("greedy · repetition_penalty 1 · max_new_tokens 196",
                SettingsSummary.of(ComparisonPresets.GREEDY.applyTo(SETTINGS)));
        assertEquals("contrastive · penalty_alpha 0.6 · top_k 4 · repetition_penalty 1 · max_new_tokens 196",
                SettingsSummary.of(ComparisonPresets.CONTRASTIVE.applyTo(SETTINGS)));
        assertEquals("temperature 1.2 · top_p 0.9 · top_k 0 · typical_p 1 · min_p 0 · repetition_penalty 1.05 · "
                + "max_new_tokens 196", SettingsSummary.of(ComparisonPresets.CREATIVE.applyTo(SETTINGS)));
        assertEquals("temperature 1 · top_p 1 · top_k 0 · typical_p 0.2 · min_p 0 · repetition_penalty 1 · "
                + "max_new_tokens 196", SettingsSummary.of(ComparisonPresets.TYPICAL.applyTo(SETTINGS)));
    }

    private static ComparedColumn column(double tokensPerSecond, String finish, TokenEvent... tokens) {
        StringBuilder text = new StringBuilder();
        for (TokenEvent token : tokens) {
            text.append(token.text());
        }
        return new ComparedColumn("Test", SETTINGS, 1, text.toString(), finish, List.of(tokens), tokensPerSecond);
    }

    private static TokenEvent token(int id, String text, double logprob) {
        return new TokenEvent(id, text, logprob, List.of());
    }
}
