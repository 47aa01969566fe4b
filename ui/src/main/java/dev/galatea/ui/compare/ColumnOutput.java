package dev.galatea.ui.compare;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.galatea.ui.generation.TokenEvent;
import dev.galatea.ui.views.MessageBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A column's result: its tokens (each with its probability on hover) as they stream in, then tokens/s, token count
 * and mean logprob, and where it first parts from column 1.
 */
public final class ColumnOutput extends Div {

    private final int index;
    private final Div text = new Div();
    private final Span stats = new Span();
    private final Span divergence = new Span();
    private final List<Span> tokens = new ArrayList<>();

    /** @param index 0-based; ids and labels count from 1 */
    public ColumnOutput(int index) {
        this.index = index;
        addClassName("galatea-column-output");
        text.setId("column-" + (index + 1) + "-text");
        text.addClassName("message-body");
        stats.setId("column-" + (index + 1) + "-stats");
        stats.addClassName("galatea-column-stats");
        divergence.setId("column-" + (index + 1) + "-divergence");
        divergence.addClassName("galatea-column-stats");
        add(text, stats, divergence);
    }

    /** A finished column, shown as it was: for a shared comparison. */
    public static ColumnOutput of(int index, ComparedColumn column) {
        ColumnOutput output = new ColumnOutput(index);
        column.tokens().forEach(output::addToken);
        output.finish(column);
        return output;
    }

    public void clear() {
        text.removeAll();
        tokens.clear();
        stats.setText("");
        divergence.setText("");
    }

    public void addToken(TokenEvent token) {
        Span span = MessageBody.streamedToken(token, tokens.size());
        tokens.add(span);
        text.add(span);
    }

    public void finish(ComparedColumn column) {
        stats.setText(statistics(column));
    }

    /** Marks where this column first differs from column 1 ({@code reference}), and says how. */
    public void showDivergence(ComparedColumn reference, ComparedColumn own) {
        if (index == 0) {
            divergence.setText("Column 1: the others are compared with it.");
            return;
        }
        int at = Divergence.firstDifference(reference.tokens(), own.tokens());
        divergence.setText(describeDivergence(at, reference, own));
        if (at != Divergence.NONE && at < tokens.size()) {
            tokens.get(at).addClassName("galatea-diverged");
            tokens.get(at).getElement().setAttribute("data-diverged", "true");
        }
    }

    static String statistics(ComparedColumn column) {
        String mean = Double.isNaN(column.meanLogprob()) ? "–"
                : String.format(Locale.ROOT, "%.3f", column.meanLogprob());
        return String.format(Locale.ROOT, "%.1f tok/s · %d tokens · mean logprob %s · %s", column.tokensPerSecond(),
                column.tokenCount(), mean, column.finishReason());
    }

    static String describeDivergence(int at, ComparedColumn reference, ComparedColumn own) {
        if (at == Divergence.NONE) {
            return "Same tokens as column 1.";
        }
        String where = "From token " + (at + 1) + ": ";
        if (at >= own.tokenCount()) {
            return where + "ends where column 1 goes on with \"" + shown(reference.tokens().get(at)) + "\".";
        }
        if (at >= reference.tokenCount()) {
            return where + "\"" + shown(own.tokens().get(at)) + "\" where column 1 has ended.";
        }
        return where + "\"" + shown(own.tokens().get(at)) + "\" where column 1 has \""
                + shown(reference.tokens().get(at)) + "\".";
    }

    private static String shown(TokenEvent token) {
        return token.text().replace("\n", "\\n");
    }
}
