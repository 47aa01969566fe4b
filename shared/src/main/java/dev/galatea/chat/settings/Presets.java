package dev.galatea.chat.settings;

import java.util.List;
import java.util.Optional;

/**
 * The built-in presets. Values are the published ones: the Pygmalion gradio UI's defaults, and text-generation-webui's
 * preset files (values it leaves out are its neutral defaults: temperature 1, top_p 1, top_k 0, typical_p 1,
 * repetition_penalty 1, penalty_alpha 0, min_p 0, do_sample on).
 */
public final class Presets {
    public static final Preset PYGMALION_DEFAULTS = Preset.of("Pygmalion defaults",
            "the Pygmalion gradio UI's defaults", GenerationSettings.PYGMALION_DEFAULTS);
    public static final Preset GREEDY = new Preset("Greedy",
            "text-generation-webui \"Debug-deterministic\": always the most likely token", 1, 1, 1, 1, 1, 0, 0, false);
    public static final Preset CONTRASTIVE = new Preset("Contrastive search",
            "text-generation-webui \"Special-Contrastive Search\" (2023), the values of Su et al. and Hugging Face's "
                    + "contrastive search guide", 1, 1, 4, 1, 1, 0.6, 0, false);
    public static final Preset TYPICAL = new Preset("Typical 0.2",
            "typical sampling alone at the 0.2 its paper (Meister et al., 2022) and the Pygmalion UI suggest",
            1, 1, 0, 0.2, 1, 0, 0, true);
    public static final Preset SIMPLE_1 = new Preset("Simple-1",
            "text-generation-webui \"simple-1\"", 0.7, 0.9, 20, 1, 1.15, 0, 0, true);
    public static final Preset DIVINE_INTELLECT = new Preset("Divine Intellect",
            "text-generation-webui \"Divine Intellect\"", 1.31, 0.14, 49, 1, 1.17, 0, 0, true);
    public static final Preset KOBOLD_GODLIKE = new Preset("Kobold-Godlike",
            "text-generation-webui \"Kobold-Godlike\", from KoboldAI", 0.7, 0.5, 0, 0.19, 1.1, 0, 0, true);
    public static final Preset SHORTWAVE = new Preset("Shortwave",
            "text-generation-webui \"Shortwave\": hot and creative", 1.53, 0.64, 33, 1, 1.07, 0, 0, true);
    public static final Preset MIN_P = new Preset("Min-p 0.05",
            "text-generation-webui \"min_p\": min_p alone", 1, 1, 0, 1, 1, 0, 0.05, true);

    public static final List<Preset> ALL = List.of(PYGMALION_DEFAULTS, GREEDY, CONTRASTIVE, TYPICAL, SIMPLE_1,
            DIVINE_INTELLECT, KOBOLD_GODLIKE, SHORTWAVE, MIN_P);

    private Presets() {
    }

    public static Optional<Preset> byName(String name) {
        return ALL.stream().filter(preset -> preset.name().equalsIgnoreCase(name)).findFirst();
    }
}
