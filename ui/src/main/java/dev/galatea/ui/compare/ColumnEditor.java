package dev.galatea.ui.compare;

import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import dev.galatea.chat.ChatException;
import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.chat.settings.Preset;
import dev.galatea.chat.settings.Setting;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One column's sampling settings: a quick preset, then every sampler value (which the preset fills in and the user
 * may change) and the seed. Length, stop strings and banned words are the comparison's, not the column's.
 */
final class ColumnEditor extends FormLayout {

    static final String CUSTOM = "Custom";

    private final Select<Preset> preset = new Select<>();
    private final NumberField temperature = number(Setting.TEMPERATURE);
    private final NumberField topP = number(Setting.TOP_P);
    private final IntegerField topK = new IntegerField("top_k");
    private final NumberField typicalP = number(Setting.TYPICAL_P);
    private final NumberField repetitionPenalty = number(Setting.REPETITION_PENALTY);
    private final NumberField penaltyAlpha = number(Setting.PENALTY_ALPHA);
    private final NumberField minP = number(Setting.MIN_P);
    private final Checkbox doSample = new Checkbox("do_sample");
    private final TextField seed = new TextField("Seed");
    private final GenerationSettings base;

    /**
     * @param number 1-based, for ids and messages
     * @param base   the user's settings, whose stop strings and banned words every column keeps
     */
    ColumnEditor(int number, GenerationSettings base, Preset initial, long initialSeed) {
        this.base = base;
        String id = "column-" + number + "-";
        preset.setLabel("Preset");
        preset.setItems(ComparisonPresets.ALL);
        preset.setItemLabelGenerator(Preset::name);
        preset.setId(id + "preset");
        preset.addValueChangeListener(event -> {
            if (event.getValue() != null) {
                show(event.getValue().applyTo(base));
            }
        });
        topK.setMin((int) Setting.TOP_K.min());
        topK.setMax((int) Setting.TOP_K.max());
        topK.setStepButtonsVisible(true);
        temperature.setId(id + "temperature");
        topP.setId(id + "top-p");
        topK.setId(id + "top-k");
        typicalP.setId(id + "typical-p");
        repetitionPenalty.setId(id + "repetition-penalty");
        penaltyAlpha.setId(id + "penalty-alpha");
        minP.setId(id + "min-p");
        doSample.setId(id + "do-sample");
        seed.setId(id + "seed");
        seed.setValue(Long.toString(initialSeed));
        setResponsiveSteps(new ResponsiveStep("0", 2));
        add(preset, 2);
        add(temperature, topP, topK, typicalP, repetitionPenalty, penaltyAlpha, minP, doSample, seed);
        preset.setValue(initial);
    }

    /**
     * The column to generate, or empty after telling {@code problem} which field is wrong.
     *
     * @param maxNewTokens the comparison's length, the same for every column
     */
    Optional<ComparisonRun.ColumnSpec> column(int maxNewTokens, int number, Consumer<String> problem) {
        long seedValue;
        try {
            seedValue = Long.parseLong(seed.getValue().strip());
        } catch (NumberFormatException e) {
            problem.accept("Column " + number + ": the seed must be a whole number, not \"" + seed.getValue() + "\".");
            return Optional.empty();
        }
        if (temperature.getValue() == null || topP.getValue() == null || topK.getValue() == null
                || typicalP.getValue() == null || repetitionPenalty.getValue() == null
                || penaltyAlpha.getValue() == null || minP.getValue() == null) {
            problem.accept("Column " + number + ": every setting needs a value.");
            return Optional.empty();
        }
        GenerationSettings settings;
        try {
            settings = new GenerationSettings(maxNewTokens, temperature.getValue(), topP.getValue(), topK.getValue(),
                    typicalP.getValue(), repetitionPenalty.getValue(), penaltyAlpha.getValue(), minP.getValue(),
                    doSample.getValue(), seedValue, base.stopStrings(), base.bannedWords(), base.historyTurns());
        } catch (ChatException e) {
            problem.accept("Column " + number + ": " + e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new ComparisonRun.ColumnSpec(label(settings), settings, seedValue));
    }

    /** The preset's name while the values are still the preset's, else "Custom". */
    private String label(GenerationSettings settings) {
        Preset chosen = preset.getValue();
        return chosen != null && Preset.of(chosen.name(), chosen.origin(), settings).equals(chosen)
                ? chosen.name() : CUSTOM;
    }

    private void show(GenerationSettings settings) {
        temperature.setValue(settings.temperature());
        topP.setValue(settings.topP());
        topK.setValue(settings.topK());
        typicalP.setValue(settings.typicalP());
        repetitionPenalty.setValue(settings.repetitionPenalty());
        penaltyAlpha.setValue(settings.penaltyAlpha());
        minP.setValue(settings.minP());
        doSample.setValue(settings.doSample());
    }

    private static NumberField number(Setting setting) {
        NumberField field = new NumberField(setting.key());
        field.setMin(setting.min());
        field.setMax(setting.max());
        return field;
    }
}
