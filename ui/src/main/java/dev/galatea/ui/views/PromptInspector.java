package dev.galatea.ui.views;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import dev.galatea.chat.prompt.BuiltPrompt;
import dev.galatea.chat.prompt.PromptTokens;

/**
 * The exact prompt the model receives for the next message, its tokens per part against the context, and which
 * history turns were left out and why.
 */
final class PromptInspector extends VerticalLayout {

    private final Div counts = new Div();
    private final ProgressBar budget = new ProgressBar(0, 1);
    private final Paragraph dropped = new Paragraph();
    private final Pre prompt = new Pre();

    PromptInspector() {
        setId("prompt-inspector");
        setPadding(false);
        counts.setId("prompt-counts");
        counts.addClassName("galatea-prompt-counts");
        budget.setId("prompt-budget");
        dropped.setId("prompt-dropped");
        prompt.setId("prompt-text");
        prompt.addClassName("galatea-prompt");
        add(new Paragraph("The prompt for the message in the chat box, exactly as the model will receive it."),
                counts, budget, dropped, prompt);
    }

    void show(BuiltPrompt built) {
        PromptTokens parts = built.parts();
        counts.removeAll();
        counts.add(count("persona", "Persona", parts.persona()), count("scenario", "Scenario", parts.scenario()),
                count("examples", "Example chat", parts.examples()), count("history", "Chat history", parts.history()),
                count("message", "New message", parts.message()),
                count("reserved", "Reserved for the reply", parts.reservedForReply()),
                count("total", "Total", built.totalTokens()), count("context", "Context", built.contextTokens()));
        budget.setValue(Math.min(1, built.totalTokens() / (double) built.contextTokens()));
        StringBuilder left = new StringBuilder();
        if (built.leftOutByTurnWindow() > 0) {
            left.append(built.leftOutByTurnWindow())
                    .append(" older messages are outside the window of the last 8 example and chat turns. ");
        }
        if (!built.droppedForBudget().isEmpty()) {
            left.append(built.droppedForBudget().size())
                    .append(" more of the oldest messages were dropped to fit the context. ");
        }
        dropped.setText(left.isEmpty() ? "Nothing was left out." : left.toString().strip());
        prompt.setText(built.text());
    }

    void showProblem(String message) {
        counts.removeAll();
        budget.setValue(0);
        dropped.setText(message);
        prompt.setText("");
    }

    private static Span count(String id, String label, int tokens) {
        Span span = new Span(label + ": " + tokens);
        span.setId("tokens-" + id);
        span.addClassName("galatea-count");
        return span;
    }
}
