package dev.galatea.inference.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.galatea.inference.GalateaException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Text to GPT-J token ids and back, through Hugging Face's Rust tokenizers (DJL). Encoding adds no special tokens
 * (GPT-J adds none) and decoding keeps every character, so {@code decode(encode(text))} is {@code text}.
 * Not thread-safe to close while in use; encode and decode may be called from several threads.
 */
public final class GptjTokenizer implements AutoCloseable {

    static {
        NativeLibrarySetup.preferBundledCpuLibrary();
    }

    /** No truncation, no padding, no special tokens: the ids are exactly the text's. */
    private static final Map<String, String> OPTIONS =
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final int vocabSize;

    private GptjTokenizer(HuggingFaceTokenizer tokenizer, int vocabSize) {
        this.tokenizer = tokenizer;
        this.vocabSize = vocabSize;
    }

    /** Whether {@code modelDir} has tokenizer files: id-level commands work without them. */
    public static boolean isPresent(Path modelDir) {
        return Files.isRegularFile(modelDir.resolve("tokenizer.json"))
                || (Files.isRegularFile(modelDir.resolve("vocab.json")) && Files.isRegularFile(modelDir.resolve("merges.txt")));
    }

    /**
     * Loads {@code modelDir/tokenizer.json}, or, when a directory has only the slow tokenizer's files
     * (vocab.json + merges.txt, as Pygmalion-6B), builds the equivalent GPT-2 byte-level BPE tokenizer from them.
     */
    public static GptjTokenizer load(Path modelDir) {
        Path tokenizerJson = modelDir.resolve("tokenizer.json");
        String json;
        int vocabSize;
        String source;
        if (Files.isRegularFile(tokenizerJson)) {
            source = tokenizerJson.toString();
            try {
                json = Files.readString(tokenizerJson, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new GalateaException(tokenizerJson + ": cannot read (" + e.getMessage() + ")", e);
            }
            vocabSize = idSpace(ByteLevelBpeJson.readJson(tokenizerJson));
        } else if (Files.isRegularFile(modelDir.resolve("vocab.json")) && Files.isRegularFile(modelDir.resolve("merges.txt"))) {
            source = "vocab.json+merges.txt in " + modelDir;
            ByteLevelBpeJson.Built built = ByteLevelBpeJson.build(modelDir);
            json = built.json();
            vocabSize = built.vocabSize();
        } else {
            throw new GalateaException("text commands need tokenizer.json or vocab.json+merges.txt in " + modelDir);
        }
        return new GptjTokenizer(create(json, source), vocabSize);
    }

    private static HuggingFaceTokenizer create(String json, String source) {
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), OPTIONS);
        } catch (IOException | RuntimeException e) {
            // The Rust side reports a broken vocabulary or merge list as a plain RuntimeException.
            throw new GalateaException("cannot build a tokenizer from " + source + ": " + ByteLevelBpeJson.firstLine(e.getMessage()), e);
        }
    }

    /** One past the largest id of the vocabulary and the added tokens: 50400 for GPT-J. */
    private static int idSpace(JsonNode tokenizerJson) {
        int max = -1;
        for (JsonNode id : tokenizerJson.path("model").path("vocab")) {
            max = Math.max(max, id.asInt());
        }
        for (JsonNode token : tokenizerJson.path("added_tokens")) {
            max = Math.max(max, token.path("id").asInt());
        }
        return max + 1;
    }

    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] result = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            result[i] = (int) ids[i];
        }
        return result;
    }

    public int countTokens(String text) {
        return tokenizer.encode(text, false, false).getIds().length;
    }

    /** The text of {@code ids}, special tokens included (as Hugging Face's decode with its defaults keeps them). */
    public String decode(int[] ids) {
        return decode(ids, 0, ids.length);
    }

    public String decode(int[] ids, int from, int to) {
        long[] wide = new long[to - from];
        for (int i = from; i < to; i++) {
            wide[i - from] = checkedId(ids[i]);
        }
        return tokenizer.decode(wide, false);
    }

    /** A decoder for streaming: it turns ids arriving one by one into text deltas that never split a character. */
    public TextStream textStream() {
        return new TextStream(this);
    }

    /** The size of the id space the tokenizer knows (vocabulary plus added tokens): 50400 for GPT-J. */
    public int vocabSize() {
        return vocabSize;
    }

    private long checkedId(int id) {
        if (id < 0 || id >= vocabSize) {
            throw new GalateaException("token id " + id + " is outside the tokenizer's vocabulary [0, " + vocabSize + ")");
        }
        return id;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
