package dev.galatea.chat.settings;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every generation setting: its Hugging Face name, its range (the Pygmalion UI's sliders) and its help text. The
 * ranges here are the ones {@link GenerationSettings} enforces, so the help panel cannot drift from the checks.
 */
public enum Setting {
    MAX_NEW_TOKENS("max_new_tokens", "Max new tokens", 16, 512, true,
            "The most tokens a reply may have. Longer replies take longer to generate and leave less of the context "
                    + "for chat history, which is trimmed from the oldest turn when the prompt would not fit."),
    HISTORY_TURNS("history_turns", "Turns in the prompt", 0, 100, true,
            "How many of the most recent turns, example dialogue first and then chat history, the prompt keeps. The "
                    + "Pygmalion notebook keeps 8. 0 keeps every turn that fits the context: the character remembers "
                    + "more, and since the prompt then starts the same way from one reply to the next, each reply "
                    + "reuses the work done on the last one's prompt and starts sooner. When the context is full, the "
                    + "oldest turns are dropped about a quarter of the context at a time, so that the next few "
                    + "replies start the same way again."),
    TEMPERATURE("temperature", "Temperature", 0.1, 2, false,
            "How random sampling is. Higher values give more varied, creative text that can stop making sense; lower "
                    + "values give more predictable text that can become repetitive."),
    TOP_P("top_p", "Top p", 0, 1, false,
            "Nucleus sampling: keeps the most likely tokens until their probabilities add up to top_p and discards "
                    + "the unlikely rest. Lower values give more predictable text. 1 turns it off."),
    TOP_K("top_k", "Top k", 0, 100, true,
            "Keeps only the k most likely tokens; combines with top_p. 0 turns it off. With penalty_alpha above 0 it "
                    + "is instead the number of candidates contrastive search compares."),
    TYPICAL_P("typical_p", "Typical p", 0, 1, false,
            "Typical sampling (Meister et al., \"Typical Decoding for Natural Language Generation\", 2022): keeps the "
                    + "tokens whose surprise is closest to the expected surprise, up to this much probability. The "
                    + "paper suggests 0.2. 1 turns it off."),
    REPETITION_PENALTY("repetition_penalty", "Repetition penalty", 1, 3, false,
            "Makes tokens that already appear in the prompt or the reply less likely. Values above about 1.2 tend to "
                    + "break 6B models. 1 turns it off."),
    PENALTY_ALPHA("penalty_alpha", "Penalty alpha", 0, 1, false,
            "Contrastive search (Su et al., 2022): when above 0 and top_k is above 1, each token is chosen, without "
                    + "randomness, among the top_k candidates by the model's confidence minus penalty_alpha times its "
                    + "similarity to the text so far. It then replaces sampling, even with Sample on (Hugging Face "
                    + "would also require Sample off). 0 turns it off."),
    MIN_P("min_p", "Min p", 0, 1, false,
            "Discards tokens less likely than min_p times the most likely token: many choices stay when the model is "
                    + "unsure, few when it is confident. 0 turns it off."),
    DO_SAMPLE("do_sample", "Sample",
            "On: each token is drawn at random by its probability after the filters above. Off: the most likely "
                    + "token is always taken (greedy), which is deterministic and often repetitive."),
    SEED("seed", "Seed",
            "The random seed for sampling: the same seed, settings and prompt give the same reply. Empty means a new "
                    + "random seed for every reply; the seed used is stored with the reply so it can be reproduced."),
    STOP_STRINGS("stop_strings", "Stop strings",
            "Generation stops as soon as the reply contains one of these. \"\\nYou:\" stops when the model starts "
                    + "writing your next turn; \"\\n<your name>:\" is added when you have set a name."),
    BANNED_WORDS("banned_words", "Banned words",
            "Texts the model may never produce. The defaults keep it from writing the prompt's own structure "
                    + "into a reply.");

    private final String key;
    private final String label;
    private final String description;
    private final double min;
    private final double max;
    private final boolean whole;

    Setting(String key, String label, double min, double max, boolean whole, String description) {
        this.key = key;
        this.label = label;
        this.description = description;
        this.min = min;
        this.max = max;
        this.whole = whole;
    }

    Setting(String key, String label, String description) {
        this.key = key;
        this.label = label;
        this.description = description;
        this.min = Double.NaN;
        this.max = Double.NaN;
        this.whole = false;
    }

    /** The Hugging Face / JSON name. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** The help panel entry: what it does, its range and its Pygmalion default. */
    public SettingHelp help() {
        return new SettingHelp(key, label, description, rangeText(), defaultText(GenerationSettings.PYGMALION_DEFAULTS));
    }

    /** The help panel, in the order a form shows the settings. */
    public static List<SettingHelp> helpPanel() {
        return Arrays.stream(values()).map(Setting::help).toList();
    }

    String rangeText() {
        return switch (this) {
            case DO_SAMPLE -> "on or off";
            case SEED -> "any whole number, or empty for random";
            case STOP_STRINGS, BANNED_WORDS -> "a list of non-empty texts";
            default -> format(min) + " to " + format(max) + (whole ? ", whole numbers" : "");
        };
    }

    private String defaultText(GenerationSettings defaults) {
        return switch (this) {
            case MAX_NEW_TOKENS -> format(defaults.maxNewTokens());
            case HISTORY_TURNS -> format(defaults.historyTurns());
            case TEMPERATURE -> format(defaults.temperature());
            case TOP_P -> format(defaults.topP());
            case TOP_K -> format(defaults.topK());
            case TYPICAL_P -> format(defaults.typicalP());
            case REPETITION_PENALTY -> format(defaults.repetitionPenalty());
            case PENALTY_ALPHA -> format(defaults.penaltyAlpha());
            case MIN_P -> format(defaults.minP());
            case DO_SAMPLE -> defaults.doSample() ? "on" : "off";
            case SEED -> defaults.seed() == null ? "random" : defaults.seed().toString();
            case STOP_STRINGS -> quoted(defaults.stopStrings());
            case BANNED_WORDS -> quoted(defaults.bannedWords());
        };
    }

    /** Checks a value of a numeric setting against its range. */
    void check(double value) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new SettingsException(this, key + " must be between " + format(min) + " and " + format(max)
                    + ", got " + format(value));
        }
        if (whole && value != Math.rint(value)) {
            throw new SettingsException(this, key + " must be a whole number, got " + format(value));
        }
    }

    static String format(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : Double.toString(value);
    }

    private static String quoted(List<String> texts) {
        return texts.stream()
                .map(text -> "\"" + text.replace("\n", "\\n") + "\"")
                .collect(Collectors.joining(", "));
    }
}
