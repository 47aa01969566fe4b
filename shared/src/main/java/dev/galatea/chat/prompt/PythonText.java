package dev.galatea.chat.prompt;

/**
 * Python's {@code str.strip()} and blankness, so that prompts and parsed replies match the notebook byte for byte.
 * Python's whitespace (Unicode White_Space plus the four ASCII separators) differs from Java's
 * {@link String#strip()}, which keeps U+00A0, U+0085, U+2007 and U+202F.
 */
final class PythonText {
    private PythonText() {
    }

    static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isPythonSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    /** {@code text is None or text.strip() == ""}. */
    static boolean isBlank(String text) {
        return text == null || strip(text).isEmpty();
    }

    /** The characters CPython's {@code str.isspace()} accepts; all are in the Basic Multilingual Plane. */
    static boolean isPythonSpace(char c) {
        return c >= '\t' && c <= '\r'
                || c >= '\u001C' && c <= ' '
                || c == '\u0085' || c == '\u00A0' || c == '\u1680'
                || c >= '\u2000' && c <= '\u200A'
                || c == '\u2028' || c == '\u2029' || c == '\u202F' || c == '\u205F' || c == '\u3000';
    }
}
