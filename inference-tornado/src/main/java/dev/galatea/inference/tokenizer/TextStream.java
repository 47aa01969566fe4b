package dev.galatea.inference.tokenizer;

import java.util.Arrays;

/**
 * Turns generated ids, arriving one at a time, into the text each one adds. A byte-level BPE token can hold
 * half of a UTF-8 character (emoji often span two or three tokens), so text is released only once the
 * characters it ends with are complete; the concatenated deltas equal {@code decode(allIds)}.
 * Each step decodes a short window of ids (from the last released boundary) instead of the whole text.
 */
public final class TextStream {

    private static final char REPLACEMENT = '\uFFFD';

    private final GptjTokenizer tokenizer;
    private int[] ids = new int[64];
    private int length;
    /** Ids before {@code prefixOffset} are fully released; ids in [prefixOffset, readOffset) give the context text. */
    private int prefixOffset;
    private int readOffset;

    TextStream(GptjTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Adds one id; returns the newly completed text, empty while a character is still incomplete. */
    public String append(int id) {
        if (length == ids.length) {
            ids = Arrays.copyOf(ids, length * 2);
        }
        ids[length++] = id;
        String context = tokenizer.decode(ids, prefixOffset, readOffset);
        String text = tokenizer.decode(ids, prefixOffset, length);
        if (text.length() > context.length() && text.charAt(text.length() - 1) != REPLACEMENT) {
            prefixOffset = readOffset;
            readOffset = length;
            return text.substring(context.length());
        }
        return "";
    }

    /** The text still held back, incomplete characters decoded as U+FFFD as a full decode would show them. */
    public String finish() {
        String context = tokenizer.decode(ids, prefixOffset, readOffset);
        String text = tokenizer.decode(ids, prefixOffset, length);
        prefixOffset = readOffset = length;
        return text.substring(Math.min(context.length(), text.length()));
    }
}
