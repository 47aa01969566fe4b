package dev.galatea.ui.views;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.galatea.ui.generation.ModelSummary;
import java.util.Locale;

/** The page header: which model answers, how big it is, on what backend, and how fast it last was. */
public final class ModelHeader extends Div {

    static final String DEMO_NOTICE = "Demo model: random weights, replies are gibberish. "
            + "Point Galatea at Pygmalion-6B with --model DIR or GALATEA_MODEL.";

    private final Span tokensPerSecond = new Span("– tok/s");

    public ModelHeader(ModelSummary model) {
        addClassName("galatea-header");
        setId("header");
        H1 title = new H1("Galatea");
        title.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("margin", "0");

        Span name = fact("model-name", model.name());
        Span parameters = fact("model-parameters", formatParameterCount(model.parameterCount()) + " parameters");
        Span dtype = fact("model-dtype", model.dtype());
        Span backend = fact("model-backend", model.backend());
        tokensPerSecond.setId("tokens-per-second");
        tokensPerSecond.addClassName("galatea-model-facts");

        HorizontalLayout facts = new HorizontalLayout(name, parameters, dtype, backend, tokensPerSecond);
        facts.setAlignItems(FlexComponent.Alignment.BASELINE);
        facts.setSpacing(true);
        add(title, facts);
        if (model.demo()) {
            Span notice = new Span(DEMO_NOTICE);
            notice.setId("demo-notice");
            notice.addClassName("galatea-demo-notice");
            add(notice);
        }
    }

    /** Shows the speed of the last finished reply. */
    public void showTokensPerSecond(double value) {
        tokensPerSecond.setText(String.format(Locale.ROOT, "%.1f tok/s", value));
    }

    private static Span fact(String id, String text) {
        Span span = new Span(text);
        span.setId(id);
        span.addClassName("galatea-model-facts");
        return span;
    }

    /** 6_050_882_784 reads "6.05B", 1_234_567 reads "1.23M": three significant digits, as model cards say it. */
    static String formatParameterCount(long count) {
        String[] units = {"", "K", "M", "B", "T"};
        double value = count;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        if (unit == 0) {
            return Long.toString(count);
        }
        String digits = value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : value >= 10 ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.2f", value);
        return digits + units[unit];
    }
}
