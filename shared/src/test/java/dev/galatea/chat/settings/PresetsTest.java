package dev.galatea.chat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PresetsTest {
    private static final GenerationSettings MINE = new GenerationSettings(300, 0.8, 0.95, 10, 0.9, 1.1, 0, 0.02, true,
            77L, List.of("\nYou:", "###"), List.of("<START>"), 0);

    @Test
    void presetReplacesSamplersAndKeepsLengthSeedStopsBansAndTurns() {
        GenerationSettings divine = Presets.DIVINE_INTELLECT.applyTo(MINE);

        assertEquals(new GenerationSettings(300, 1.31, 0.14, 49, 1, 1.17, 0, 0, true, 77L, List.of("\nYou:", "###"),
                List.of("<START>"), 0), divine);
    }

    @Test
    void pygmalionPresetRestoresTheDefaultSamplers() {
        GenerationSettings restored = Presets.PYGMALION_DEFAULTS.applyTo(MINE);

        assertEquals(new GenerationSettings(300, 0.5, 0.9, 0, 1.0, 1.05, 0, 0, true, 77L, MINE.stopStrings(),
                MINE.bannedWords(), 0), restored);
    }

    @Test
    void publishedValuesAreKept() {
        assertEquals(new Preset("Simple-1", Presets.SIMPLE_1.origin(), 0.7, 0.9, 20, 1, 1.15, 0, 0, true), Presets.SIMPLE_1);
        assertEquals(new Preset("Kobold-Godlike", Presets.KOBOLD_GODLIKE.origin(), 0.7, 0.5, 0, 0.19, 1.1, 0, 0, true),
                Presets.KOBOLD_GODLIKE);
        assertEquals(0.6, Presets.CONTRASTIVE.penaltyAlpha());
        assertEquals(4, Presets.CONTRASTIVE.topK());
    }

    @Test
    void presetsChooseTheirDecodingMode() {
        assertEquals(DecodingMode.CONTRASTIVE, Presets.CONTRASTIVE.applyTo(MINE).decodingMode());
        assertEquals(DecodingMode.GREEDY, Presets.GREEDY.applyTo(MINE).decodingMode());
        assertEquals(DecodingMode.SAMPLE, Presets.TYPICAL.applyTo(MINE).decodingMode());
        assertEquals(0.2, Presets.TYPICAL.applyTo(MINE).typicalP());
        assertEquals(0.05, Presets.MIN_P.applyTo(MINE).minP());
    }

    @Test
    void presetsAreFoundByNameIgnoringCase() {
        assertEquals(Optional.of(Presets.DIVINE_INTELLECT), Presets.byName("divine intellect"));
        assertEquals(Optional.empty(), Presets.byName("Mirostat"));
        assertEquals(9, Presets.ALL.stream().map(Preset::name).distinct().count());
    }

    @Test
    void presetOutsideTheRangesCannotBeDefined() {
        assertEquals("temperature must be between 0.1 and 2, got 3",
                org.junit.jupiter.api.Assertions.assertThrows(SettingsException.class,
                        () -> new Preset("Hot", "test", 3, 1, 0, 1, 1, 0, 0, true)).getMessage());
    }
}
