package dev.galatea.inference.generate;

import dev.galatea.inference.tokenizer.GptjTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Turns banned texts into Hugging Face's {@code bad_words_ids}. A byte-level BPE spells a word differently at the
 * start of a line and after a space, so each text is banned in both spellings.
 */
public final class BadWordIds {
    private BadWordIds() {}

    public static List<List<Integer>> of(GptjTokenizer tokenizer, List<String> texts) {
        List<List<Integer>> sequences = new ArrayList<>();
        for (String text : texts) {
            for (String spelling : List.of(text, " " + text)) {
                List<Integer> ids = IntStream.of(tokenizer.encode(spelling)).boxed().toList();
                if (!ids.isEmpty() && !sequences.contains(ids)) {
                    sequences.add(ids);
                }
            }
        }
        return sequences;
    }
}
