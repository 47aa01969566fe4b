package dev.galatea.ui.generation;

import dev.galatea.inference.checkpoint.DType;
import dev.galatea.inference.synth.ModelShape;
import dev.galatea.inference.synth.SyntheticModel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model a newcomer gets with no --model: a tiny GPT-J with random weights and the real GPT-J tokenizer,
 * written into the data directory on first start (13 MB, well under a second), so the app works at once.
 */
final class DemoModel {
    static final String NAME = "Demo (tiny random GPT-J)";
    /** Fixed, so every installation's demo model is the same one and shared links made with it match. */
    private static final long SEED = 20230125L;

    private DemoModel() {}

    static Path ensure(Path dataDir) {
        Path directory = dataDir.resolve("demo-model");
        if (!Files.isRegularFile(directory.resolve("model.safetensors"))) {
            SyntheticModel.write(directory, ModelShape.TINY, DType.F16, SEED);
        }
        return directory;
    }
}
