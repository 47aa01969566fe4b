package dev.galatea.chat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GenerationSettingsTest {
    private static final GenerationSettings D = GenerationSettings.PYGMALION_DEFAULTS;

    private static GenerationSettings with(int maxNewTokens, double temperature, double topP, int topK, double typicalP,
                                           double repetitionPenalty, double penaltyAlpha, double minP) {
        return new GenerationSettings(maxNewTokens, temperature, topP, topK, typicalP, repetitionPenalty, penaltyAlpha,
                minP, true, null, D.stopStrings(), D.bannedWords(), 8);
    }

    private static SettingsException failure(Runnable build) {
        return assertThrows(SettingsException.class, build::run);
    }

    @Test
    void defaultsAreThePygmalionUis() {
        assertEquals(196, D.maxNewTokens());
        assertEquals(0.5, D.temperature());
        assertEquals(0.9, D.topP());
        assertEquals(0, D.topK());
        assertEquals(1.0, D.typicalP());
        assertEquals(1.05, D.repetitionPenalty());
        assertEquals(0.0, D.penaltyAlpha());
        assertEquals(0.0, D.minP());
        assertEquals(true, D.doSample());
        assertNull(D.seed());
        assertEquals(List.of("\nYou:"), D.stopStrings());
        assertEquals(List.of("Persona:", "Scenario:", "<START>"), D.bannedWords());
        assertEquals(DecodingMode.SAMPLE, D.decodingMode());
    }

    @Test
    void rangeEndsAreAccepted() {
        with(16, 0.1, 0, 0, 0, 1, 0, 0);
        with(512, 2, 1, 100, 1, 3, 1, 1);
    }

    @Test
    void outOfRangeValuesNameTheSettingAndItsRange() {
        SettingsException tooFew = failure(() -> with(8, 0.5, 0.9, 0, 1, 1.05, 0, 0));
        assertEquals("max_new_tokens must be between 16 and 512, got 8", tooFew.getMessage());
        assertEquals(Optional.of(Setting.MAX_NEW_TOKENS), tooFew.setting());

        assertEquals("temperature must be between 0.1 and 2, got 2.5",
                failure(() -> with(196, 2.5, 0.9, 0, 1, 1.05, 0, 0)).getMessage());
        assertEquals("temperature must be between 0.1 and 2, got 0",
                failure(() -> with(196, 0, 0.9, 0, 1, 1.05, 0, 0)).getMessage());
        assertEquals("top_p must be between 0 and 1, got NaN",
                failure(() -> with(196, 0.5, Double.NaN, 0, 1, 1.05, 0, 0)).getMessage());
        assertEquals("top_k must be between 0 and 100, got 101",
                failure(() -> with(196, 0.5, 0.9, 101, 1, 1.05, 0, 0)).getMessage());
        assertEquals("typical_p must be between 0 and 1, got -0.1",
                failure(() -> with(196, 0.5, 0.9, 0, -0.1, 1.05, 0, 0)).getMessage());
        assertEquals("repetition_penalty must be between 1 and 3, got 0.9",
                failure(() -> with(196, 0.5, 0.9, 0, 1, 0.9, 0, 0)).getMessage());
        assertEquals("penalty_alpha must be between 0 and 1, got 1.5",
                failure(() -> with(196, 0.5, 0.9, 0, 1, 1.05, 1.5, 0)).getMessage());
        assertEquals("min_p must be between 0 and 1, got Infinity",
                failure(() -> with(196, 0.5, 0.9, 0, 1, 1.05, 0, Double.POSITIVE_INFINITY)).getMessage());
    }

    @Test
    void emptyStopStringOrBannedWordIsRefused() {
        SettingsException stop = failure(() -> new GenerationSettings(196, 0.5, 0.9, 0, 1, 1.05, 0, 0, true, null,
                List.of("\nYou:", ""), List.of(), 8));
        assertEquals("stop_strings entry 2 is empty", stop.getMessage());
        assertEquals(Optional.of(Setting.STOP_STRINGS), stop.setting());
        assertEquals("banned_words entry 1 is empty", failure(() -> new GenerationSettings(196, 0.5, 0.9, 0, 1, 1.05, 0,
                0, true, null, List.of(), java.util.Arrays.asList((String) null), 8)).getMessage());
    }

    @Test
    void decodingModeFollowsPenaltyAlphaTopKAndDoSample() {
        assertEquals(DecodingMode.CONTRASTIVE, with(196, 0.5, 0.9, 4, 1, 1.05, 0.6, 0).decodingMode());
        assertEquals(DecodingMode.SAMPLE, with(196, 0.5, 0.9, 1, 1, 1.05, 0.6, 0).decodingMode(),
                "contrastive search needs more than one candidate");
        assertEquals(DecodingMode.GREEDY, new GenerationSettings(196, 0.5, 0.9, 0, 1, 1.05, 0, 0, false, null,
                List.of(), List.of(), 8).decodingMode());
    }

    @Test
    void withSeedKeepsEverythingElse() {
        GenerationSettings seeded = D.withSeed(1234L);

        assertEquals(1234L, seeded.seed());
        assertEquals(new GenerationSettings(196, 0.5, 0.9, 0, 1.0, 1.05, 0, 0, true, 1234L, D.stopStrings(),
                D.bannedWords(), 8), seeded);
    }
}
