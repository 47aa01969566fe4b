package dev.galatea.ui.views;

import com.vaadin.flow.component.html.Input;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.NumberField;
import dev.galatea.chat.settings.Setting;
import java.math.BigDecimal;

/** A slider over a setting's Pygmalion range, with a number field beside it for exact values. */
final class SettingSlider extends HorizontalLayout {

    private final Setting setting;
    private final NumberField number = new NumberField();
    private final Input range = new Input();
    private Runnable onChange = () -> {
    };

    SettingSlider(Setting setting, double step, String id) {
        this.setting = setting;
        setAlignItems(FlexComponent.Alignment.BASELINE);
        setWidthFull();
        number.setLabel(setting.label() + " (" + setting.key() + ")");
        number.setId(id);
        number.setMin(setting.min());
        number.setMax(setting.max());
        number.setStep(step);
        number.setStepButtonsVisible(true);
        number.setWidth("19em");
        range.setType("range");
        range.setId(id + "-slider");
        range.getElement().setAttribute("min", plain(setting.min()));
        range.getElement().setAttribute("max", plain(setting.max()));
        range.getElement().setAttribute("step", plain(step));
        range.getElement().setAttribute("aria-label", setting.label());
        range.setWidthFull();
        // The slider reports every move; the number field follows, and its change is the one that counts.
        range.getElement().addEventListener("input", event -> {
            double value = event.getEventData().getNumber("element.valueAsNumber");
            number.setValue(value);
        }).addEventData("element.valueAsNumber");
        number.addValueChangeListener(event -> {
            if (event.getValue() != null) {
                range.setValue(plain(event.getValue()));
            }
            onChange.run();
        });
        add(number, range);
        setFlexGrow(1, range);
    }

    void onChange(Runnable listener) {
        onChange = listener;
    }

    /** The value, checked against the setting's range by the settings record, not here. */
    Double value() {
        return number.getValue();
    }

    void setValue(double value) {
        number.setValue(value);
        range.setValue(plain(value));
    }

    Setting setting() {
        return setting;
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
