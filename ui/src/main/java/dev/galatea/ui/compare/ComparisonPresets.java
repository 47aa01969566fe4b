package dev.galatea.ui.compare;

import dev.galatea.chat.settings.Preset;
import dev.galatea.chat.settings.Presets;
import java.util.List;

/** The quick presets a comparison column offers, with the names the compare view shows. */
public final class ComparisonPresets {

    public static final Preset PYGMALION_DEFAULTS = Presets.PYGMALION_DEFAULTS;
    public static final Preset GREEDY = renamed("Greedy", Presets.GREEDY);
    /** The Pygmalion defaults run hot: more varied, less coherent text. */
    public static final Preset CREATIVE = new Preset("Creative", "the Pygmalion defaults at temperature 1.2",
            1.2, 0.9, 0, 1.0, 1.05, 0, 0, true);
    public static final Preset CONTRASTIVE = renamed("Contrastive (penalty_alpha 0.6, top_k 4)", Presets.CONTRASTIVE);
    public static final Preset TYPICAL = renamed("Typical 0.2", Presets.TYPICAL);

    public static final List<Preset> ALL = List.of(PYGMALION_DEFAULTS, GREEDY, CREATIVE, CONTRASTIVE, TYPICAL);

    private ComparisonPresets() {
    }

    private static Preset renamed(String name, Preset preset) {
        return new Preset(name, preset.origin(), preset.temperature(), preset.topP(), preset.topK(), preset.typicalP(),
                preset.repetitionPenalty(), preset.penaltyAlpha(), preset.minP(), preset.doSample());
    }
}
