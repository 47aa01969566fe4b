package dev.galatea.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.galatea.chat.ChatException;
import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.chat.settings.Preset;
import dev.galatea.chat.settings.Presets;
import dev.galatea.chat.settings.Setting;
import dev.galatea.chat.settings.SettingHelp;
import dev.galatea.ui.persistence.PresetStore;
import dev.galatea.ui.persistence.UserSettingsStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Generation tab: the Pygmalion sliders with their ranges and defaults, the turns a prompt keeps, then min_p,
 * seed, stop strings and banned words, named presets (built-in and the user's), and a panel that explains every setting.
 */
final class SettingsForm extends VerticalLayout {

    private static final String RANDOM = "Random";
    private static final String FIXED = "Fixed";

    private final PresetStore presets;
    private final UserSettingsStore userSettings;
    private final Select<Preset> preset = new Select<>();
    private final SettingSlider maxNewTokens = new SettingSlider(Setting.MAX_NEW_TOKENS, 1, "max-new-tokens");
    private final SettingSlider historyTurns = new SettingSlider(Setting.HISTORY_TURNS, 1, "history-turns");
    private final SettingSlider temperature = new SettingSlider(Setting.TEMPERATURE, 0.01, "temperature");
    private final SettingSlider topP = new SettingSlider(Setting.TOP_P, 0.01, "top-p");
    private final SettingSlider typicalP = new SettingSlider(Setting.TYPICAL_P, 0.01, "typical-p");
    private final SettingSlider repetitionPenalty = new SettingSlider(Setting.REPETITION_PENALTY, 0.01, "repetition-penalty");
    private final SettingSlider topK = new SettingSlider(Setting.TOP_K, 1, "top-k");
    private final SettingSlider penaltyAlpha = new SettingSlider(Setting.PENALTY_ALPHA, 0.01, "penalty-alpha");
    private final SettingSlider minP = new SettingSlider(Setting.MIN_P, 0.01, "min-p");
    private final Checkbox doSample = new Checkbox("Sample (do_sample)");
    private final RadioButtonGroup<String> seedMode = new RadioButtonGroup<>("Seed");
    private final TextField seed = new TextField();
    private final TextArea stopStrings = new TextArea("Stop strings, one per line (\\n for a line break)");
    private final TextArea bannedWords = new TextArea("Banned words, one per line");
    private final Span problem = new Span();
    private boolean loading;

    SettingsForm(PresetStore presets, UserSettingsStore userSettings) {
        this.presets = presets;
        this.userSettings = userSettings;
        setId("settings-form");
        setPadding(false);

        preset.setLabel("Preset");
        preset.setId("preset");
        preset.setItemLabelGenerator(p -> p.name() + " (" + p.origin() + ")");
        preset.setWidth("32em");
        preset.addValueChangeListener(event -> {
            if (event.isFromClient() && event.getValue() != null) {
                current().ifPresent(settings -> show(event.getValue().applyTo(settings)));
                changed();
            }
        });
        TextField presetName = new TextField();
        presetName.setId("preset-name");
        presetName.setPlaceholder("My preset");
        Button savePreset = new Button("Save as preset", event -> savePreset(presetName.getValue()));
        savePreset.setId("save-preset");
        HorizontalLayout presetRow = new HorizontalLayout(preset, presetName, savePreset);
        presetRow.setAlignItems(FlexComponent.Alignment.BASELINE);

        doSample.setId("do-sample");
        seedMode.setId("seed-mode");
        seedMode.setItems(RANDOM, FIXED);
        seed.setId("seed");
        seed.setPlaceholder("a whole number");
        seedMode.addValueChangeListener(event -> seed.setEnabled(FIXED.equals(event.getValue())));
        HorizontalLayout seedRow = new HorizontalLayout(seedMode, seed);
        seedRow.setAlignItems(FlexComponent.Alignment.BASELINE);
        stopStrings.setId("stop-strings");
        bannedWords.setId("banned-words");
        stopStrings.setWidthFull();
        bannedWords.setWidthFull();
        problem.setId("settings-problem");
        problem.addClassName("galatea-problem");

        for (SettingSlider slider : sliders()) {
            slider.onChange(this::changed);
        }
        doSample.addValueChangeListener(event -> changed());
        seedMode.addValueChangeListener(event -> changed());
        seed.addValueChangeListener(event -> changed());
        stopStrings.addValueChangeListener(event -> changed());
        bannedWords.addValueChangeListener(event -> changed());

        Button defaults = new Button("Reset to Pygmalion defaults", event -> {
            show(GenerationSettings.PYGMALION_DEFAULTS);
            changed();
        });
        defaults.setId("reset-settings");

        add(presetRow, maxNewTokens, historyTurns, temperature, topP, typicalP, repetitionPenalty, topK, penaltyAlpha, minP, doSample,
                seedRow, stopStrings, bannedWords, problem, defaults, helpPanel());
        refreshPresets();
        show(userSettings.generationSettings());
    }

    /** The settings as the form holds them, or empty with the problem shown beside the form. */
    Optional<GenerationSettings> current() {
        try {
            Long fixedSeed = null;
            if (FIXED.equals(seedMode.getValue())) {
                try {
                    fixedSeed = Long.parseLong(seed.getValue().strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("seed must be a whole number, got \"" + seed.getValue() + "\"");
                }
            }
            GenerationSettings settings = new GenerationSettings(
                    (int) Math.round(required(maxNewTokens)), required(temperature), required(topP),
                    (int) Math.round(required(topK)), required(typicalP), required(repetitionPenalty),
                    required(penaltyAlpha), required(minP), doSample.getValue(), fixedSeed,
                    lines(stopStrings.getValue(), true), lines(bannedWords.getValue(), false),
                    (int) Math.round(required(historyTurns)));
            problem.setText("");
            return Optional.of(settings);
        } catch (ChatException | IllegalArgumentException e) {
            problem.setText(e.getMessage());
            return Optional.empty();
        }
    }

    /** The settings, or empty after telling the user what to fix. */
    Optional<GenerationSettings> currentOrNotify() {
        Optional<GenerationSettings> settings = current();
        if (settings.isEmpty()) {
            Notices.error("Generation settings: " + problem.getText());
        }
        return settings;
    }

    void show(GenerationSettings settings) {
        loading = true;
        try {
            maxNewTokens.setValue(settings.maxNewTokens());
            historyTurns.setValue(settings.historyTurns());
            temperature.setValue(settings.temperature());
            topP.setValue(settings.topP());
            typicalP.setValue(settings.typicalP());
            repetitionPenalty.setValue(settings.repetitionPenalty());
            topK.setValue(settings.topK());
            penaltyAlpha.setValue(settings.penaltyAlpha());
            minP.setValue(settings.minP());
            doSample.setValue(settings.doSample());
            seedMode.setValue(settings.seed() == null ? RANDOM : FIXED);
            seed.setValue(settings.seed() == null ? "" : settings.seed().toString());
            seed.setEnabled(settings.seed() != null);
            stopStrings.setValue(String.join("\n", settings.stopStrings().stream().map(s -> s.replace("\n", "\\n")).toList()));
            bannedWords.setValue(String.join("\n", settings.bannedWords()));
        } finally {
            loading = false;
        }
    }

    private void changed() {
        if (loading) {
            return;
        }
        current().ifPresent(userSettings::setGenerationSettings);
    }

    private void savePreset(String name) {
        if (name == null || name.isBlank()) {
            Notices.error("Give the preset a name first.");
            return;
        }
        if (Presets.byName(name.strip()).isPresent()) {
            Notices.error("\"" + name.strip() + "\" is a built-in preset; choose another name.");
            return;
        }
        currentOrNotify().ifPresent(settings -> {
            Preset saved = presets.save(name, settings);
            refreshPresets();
            preset.setValue(saved);
            Notices.info("Saved preset \"" + saved.name() + "\".");
        });
    }

    private void refreshPresets() {
        List<Preset> all = new ArrayList<>(Presets.ALL);
        all.addAll(presets.list());
        preset.setItems(all);
    }

    private List<SettingSlider> sliders() {
        return List.of(maxNewTokens, historyTurns, temperature, topP, typicalP, repetitionPenalty, topK, penaltyAlpha, minP);
    }

    private static double required(SettingSlider slider) {
        Double value = slider.value();
        if (value == null) {
            throw new IllegalArgumentException(slider.setting().key() + " is empty");
        }
        return value;
    }

    /** One text per non-empty line; in stop strings "\n" stands for a line break, as the defaults show it. */
    private static List<String> lines(String text, boolean escapes) {
        return Arrays.stream(text.split("\n"))
                .filter(line -> !line.isEmpty())
                .map(line -> escapes ? line.replace("\\n", "\n") : line)
                .toList();
    }

    private static Details helpPanel() {
        Div entries = new Div();
        for (SettingHelp help : Setting.helpPanel()) {
            Div entry = new Div();
            entry.addClassName("galatea-help-entry");
            entry.add(new H4(help.label() + " (" + help.key() + ")"), new Paragraph(help.description()),
                    new Paragraph("Range: " + help.range() + ". Pygmalion default: " + help.defaultValue() + "."));
            entries.add(entry);
        }
        Details details = new Details("Helpful information", entries);
        details.setId("settings-help");
        return details;
    }
}
