package dev.galatea.inference.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.galatea.inference.GalateaException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingParamsTest {

    private static String error(String spec) {
        return assertThrows(GalateaException.class, () -> SamplingParams.parse(spec)).getMessage();
    }

    @Test
    void cliFormSetsEveryNamedSettingAndKeepsTheRest() {
        SamplingParams p = SamplingParams.parse(
                "temperature=0.7,top_k=40,top_p=0.95,typical_p=0.9,min_p=0.05,repetition_penalty=1.2,no_repeat_ngram_size=3");
        assertEquals(new SamplingParams(0.7, 40, 0.95, 0.05, 0.9, 1.2, 3, 0.0, true, List.of()), p);
        assertEquals(DecodingMode.SAMPLE, p.mode());
    }

    @Test
    void settingsNotNamedComeFromTheBase() {
        SamplingParams base = new SamplingParams(0.5, 0, 0.9, 0.0, 1.0, 1.05, 0, 0.0, true, List.of(List.of(7)));
        SamplingParams p = SamplingParams.parse(" top_k = 10 ,", base);
        assertEquals(new SamplingParams(0.5, 10, 0.9, 0.0, 1.0, 1.05, 0, 0.0, true, List.of(List.of(7))), p);
        assertEquals(base, SamplingParams.parse("", base));
    }

    @Test
    void unknownSettingIsNamedWithTheKnownOnes() {
        assertEquals("unknown sampling setting \"topk\"; known settings: temperature, top_k, top_p, min_p, typical_p, "
                + "repetition_penalty, no_repeat_ngram_size, penalty_alpha, do_sample", error("topk=4"));
    }

    @Test
    void malformedValuesAreNamed() {
        assertEquals("sampling setting top_p=\"abc\" is not a number", error("top_p=abc"));
        assertEquals("sampling setting temperature=\"NaN\" is not a number", error("temperature=NaN"));
        assertEquals("sampling setting temperature=\"1d\" is not a number", error("temperature=1d"));
        assertEquals("sampling setting top_k=\"4.5\" is not a whole number", error("top_k=4.5"));
        assertEquals("sampling setting do_sample=\"yes\" must be true or false", error("do_sample=yes"));
        assertEquals("sampling setting \"top_k\" has no value: write key=value, e.g. top_p=0.9", error("top_k"));
        assertEquals("sampling setting top_k is given twice", error("top_k=4,top_k=5"));
    }

    @Test
    void outOfRangeSettingsNameTheirAllowedRange() {
        assertEquals("top_p=0.0 is out of range: top_p must be in (0, 1]", error("top_p=0"));
        assertEquals("top_p=1.5 is out of range: top_p must be in (0, 1]", error("top_p=1.5"));
        assertEquals("top_k=-1 is out of range: top_k must be >= 0 (0 turns it off)", error("top_k=-1"));
        assertEquals("temperature=-0.1 is out of range: temperature must be >= 0 (0 means greedy)", error("temperature=-0.1"));
        assertEquals("temperature=Infinity is out of range: temperature must be >= 0 (0 means greedy)", error("temperature=1e999"));
        assertEquals("repetition_penalty=0.0 is out of range: repetition_penalty must be > 0 (1 turns it off)",
                error("repetition_penalty=0"));
        assertEquals("typical_p=0.0 is out of range: typical_p must be in (0, 1]", error("typical_p=0"));
        assertEquals("min_p=1.5 is out of range: min_p must be in [0, 1]", error("min_p=1.5"));
        assertEquals("no_repeat_ngram_size=-2 is out of range: no_repeat_ngram_size must be >= 0 (0 turns it off)",
                error("no_repeat_ngram_size=-2"));
        assertEquals("penalty_alpha=1.2 is out of range: penalty_alpha must be in [0, 1]", error("penalty_alpha=1.2"));
    }

    @Test
    void zeroTemperatureWithSamplingIsGreedyAndSaysSo() {
        SamplingParams p = SamplingParams.parse("temperature=0");
        assertEquals(DecodingMode.GREEDY, p.mode());
        assertTrue(p.zeroTemperatureMakesGreedy());
        assertFalse(SamplingParams.parse("do_sample=false").zeroTemperatureMakesGreedy());
        assertEquals(DecodingMode.GREEDY, SamplingParams.parse("do_sample=false").mode());
    }

    @Test
    void penaltyAlphaSelectsContrastiveSearchWhenThereAreCandidates() {
        assertEquals(DecodingMode.CONTRASTIVE, SamplingParams.parse("do_sample=false,penalty_alpha=0.6,top_k=4").mode());
        assertEquals(DecodingMode.CONTRASTIVE, SamplingParams.parse("penalty_alpha=0.6,top_k=4").mode());
        assertEquals(DecodingMode.SAMPLE, SamplingParams.parse("penalty_alpha=0.6,top_k=1").mode());
        assertEquals(DecodingMode.GREEDY, SamplingParams.parse("do_sample=false,penalty_alpha=0.6,top_k=0").mode());
        assertFalse(SamplingParams.parse("temperature=0,penalty_alpha=0.6,top_k=4").zeroTemperatureMakesGreedy());
    }

    @Test
    void badWordsMustBeNonEmptyIdLists() {
        GalateaException e = assertThrows(GalateaException.class,
                () -> SamplingParams.DEFAULTS.withBadWordsIds(List.of(List.of(3), List.of())));
        assertEquals("bad_words_ids holds []; each entry must be a non-empty list of token ids >= 0", e.getMessage());
        e = assertThrows(GalateaException.class, () -> SamplingParams.DEFAULTS.withBadWordsIds(List.of(List.of(3, -1))));
        assertEquals("bad_words_ids holds [3, -1]; each entry must be a non-empty list of token ids >= 0", e.getMessage());
    }
}
