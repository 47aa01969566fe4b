package dev.galatea.inference.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galatea.inference.backend.Backend;
import dev.galatea.inference.backend.cpu.CpuBackend;
import dev.galatea.inference.model.GptjModel;
import dev.galatea.inference.model.ModelFixtures;
import dev.galatea.inference.sampling.SamplingParams;
import dev.galatea.inference.tokenizer.GptjTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A model directory opened on the real CPU backend, with its tokenizer when the directory has one. */
record OpenModel(GptjModel model, CpuBackend backend, GptjTokenizer tokenizer) implements AutoCloseable {

    static final SamplingParams GREEDY = SamplingParams.GREEDY;

    /** The Pygmalion notebook's defaults: temperature 0.5, top_p 0.9, repetition_penalty 1.05, sampling. */
    static final SamplingParams PYGMALION = new SamplingParams(0.5, 0, 0.9, 0.0, 1.0, 1.05, 0, 0.0, true, List.of());

    static OpenModel fixture(String name) {
        return at(ModelFixtures.directory(name));
    }

    static OpenModel at(Path directory) {
        GptjModel model = GptjModel.load(directory);
        return new OpenModel(model, new CpuBackend(model),
                GptjTokenizer.isPresent(directory) ? GptjTokenizer.load(directory) : null);
    }

    Generator generator() {
        return generator(backend);
    }

    Generator generator(Backend wrapped) {
        return new Generator(wrapped, tokenizer);
    }

    /** The golden {@code greedy_new_text} of every case of a fixture that has them (tiny-gptj-f16). */
    static List<String> greedyNewTexts(String fixture) {
        try {
            JsonNode golden = new ObjectMapper().readTree(ModelFixtures.directory(fixture).resolve("golden.json").toFile());
            List<String> texts = new ArrayList<>();
            golden.get("cases").forEach(c -> texts.add(c.get("greedy_new_text").asText()));
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
        backend.close();
        model.close();
    }
}
