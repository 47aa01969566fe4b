package dev.galatea.ui.views;

import com.vaadin.flow.component.HasComponents;
import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Emphasis;
import com.vaadin.flow.component.html.Span;
import dev.galatea.ui.generation.TokenAlternative;
import dev.galatea.ui.generation.TokenEvent;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A message's text as DOM: text nodes and {@code <em>} for {@code *actions*}, and for a generated reply one span per
 * token carrying its probability and the top alternatives. Everything is text: nothing a user or the model wrote is
 * parsed as HTML.
 */
public final class MessageBody {

    private MessageBody() {
    }

    /** Renders {@code text}; with {@code markdown}, *actions* are italic; with tokens, each token is a span. */
    public static Div render(String text, boolean markdown, List<TokenEvent> tokens) {
        Div body = new Div();
        body.addClassName("message-body");
        LightMarkdown marks = markdown ? LightMarkdown.of(text) : null;
        int[] bounds = tokenBounds(text, tokens);
        if (bounds == null) {
            appendRuns(body, text, 0, text.length(), marks);
            return body;
        }
        for (int k = 0; k < tokens.size(); k++) {
            int from = bounds[2 * k];
            int to = bounds[2 * k + 1];
            if (from >= to) {
                continue;
            }
            Span token = tokenSpan(tokens.get(k), k);
            appendRuns(token, text, from, to, marks);
            body.add(token);
        }
        return body;
    }

    /** A streamed token as it arrives, before the reply is parsed and saved. */
    static Span tokenSpan(TokenEvent token, int index) {
        Span span = new Span();
        span.addClassName("token");
        span.getElement().setAttribute("data-token", Integer.toString(index));
        span.setTitle(describe(token));
        return span;
    }

    public static Span streamedToken(TokenEvent token, int index) {
        Span span = tokenSpan(token, index);
        span.add(new Text(token.text()));
        return span;
    }

    /** "p=42.1% · next best: " Hi" 12.0%, ...", the token's hover text. */
    static String describe(TokenEvent token) {
        String alternatives = token.alternatives().stream()
                .map(MessageBody::alternative)
                .collect(Collectors.joining(", "));
        return "\"" + visible(token.text()) + "\" p=" + percent(Math.exp(token.logprob()))
                + (alternatives.isEmpty() ? "" : " · top: " + alternatives);
    }

    static String alternative(TokenAlternative alternative) {
        return "\"" + visible(alternative.text()) + "\" " + percent(alternative.probability());
    }

    /** One decimal for ordinary probabilities, two significant digits for the tiny ones a random model gives. */
    static String percent(double probability) {
        double percent = probability * 100;
        return percent >= 0.1 ? String.format(Locale.ROOT, "%.1f%%", percent)
                : String.format(Locale.ROOT, "%.2g%%", percent);
    }

    /** Shows the whitespace a token starts or ends with, which decides how it joins its neighbours. */
    static String visible(String tokenText) {
        return tokenText.replace("\n", "\\n");
    }

    /**
     * Where each token's text lies in the final message: the message is the tokens' text with the surrounding
     * whitespace stripped and perhaps cut at the next speaker. Null when it cannot be found (an edited message).
     */
    private static int[] tokenBounds(String text, List<TokenEvent> tokens) {
        if (tokens.isEmpty()) {
            return null;
        }
        StringBuilder joined = new StringBuilder();
        tokens.forEach(token -> joined.append(token.text()));
        int offset = joined.indexOf(text);
        if (offset < 0) {
            return null;
        }
        int[] bounds = new int[2 * tokens.size()];
        int position = 0;
        for (int k = 0; k < tokens.size(); k++) {
            int start = position;
            position += tokens.get(k).text().length();
            bounds[2 * k] = Math.clamp(start - offset, 0, text.length());
            bounds[2 * k + 1] = Math.clamp(position - offset, 0, text.length());
        }
        return bounds;
    }

    /**
     * Appends text[from, to) as text nodes, with italic runs in {@code <em>} and hidden asterisks left out;
     * {@code marks} is null for plain text.
     */
    private static void appendRuns(HasComponents parent, String text, int from, int to,
                                   LightMarkdown marks) {
        int i = from;
        while (i < to) {
            if (marks != null && marks.hidden(i)) {
                i++;
                continue;
            }
            boolean italic = marks != null && marks.italic(i);
            int end = i;
            while (end < to && !(marks != null && marks.hidden(end)) && (marks != null && marks.italic(end)) == italic) {
                end++;
            }
            String run = text.substring(i, end);
            parent.add(italic ? new Emphasis(run) : new Text(run));
            i = end;
        }
    }
}
