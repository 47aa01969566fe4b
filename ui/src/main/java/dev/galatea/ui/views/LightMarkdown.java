package dev.galatea.ui.views;

/**
 * The light markdown of character messages: {@code *actions*} in italics. It only marks characters; the view turns
 * the marks into elements and text nodes, so no markup in a message is ever interpreted as HTML.
 */
final class LightMarkdown {

    private final boolean[] italic;
    private final boolean[] delimiter;

    private LightMarkdown(int length) {
        italic = new boolean[length];
        delimiter = new boolean[length];
    }

    /** Marks the text between a pair of asterisks on one line as italic, and the pair itself as hidden. */
    static LightMarkdown of(String text) {
        LightMarkdown marks = new LightMarkdown(text.length());
        int open = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                open = -1;
            } else if (c == '*') {
                if (open < 0) {
                    open = i;
                } else if (i > open + 1) {
                    marks.delimiter[open] = true;
                    marks.delimiter[i] = true;
                    for (int j = open + 1; j < i; j++) {
                        marks.italic[j] = true;
                    }
                    open = -1;
                } else {
                    open = i;
                }
            }
        }
        return marks;
    }

    boolean italic(int index) {
        return italic[index];
    }

    boolean hidden(int index) {
        return delimiter[index];
    }
}
