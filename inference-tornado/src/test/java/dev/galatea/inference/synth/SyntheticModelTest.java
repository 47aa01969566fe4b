package dev.galatea.inference.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.galatea.inference.backend.KvCache;
import dev.galatea.inference.backend.cpu.CpuBackend;
import dev.galatea.inference.checkpoint.DType;
import dev.galatea.inference.checkpoint.Tensor;
import dev.galatea.inference.model.GptjModel;
import dev.galatea.inference.tokenizer.GptjTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticModelTest {
    private static final ModelShape SMALL = ModelShape.parse("vocab_size=50400,n_embd=32,n_layer=2,n_head=2,rotary_dim=4");

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F16", "BF16", "F32"})
    void writtenModelLoadsWithEveryTensorOfTheShapeInTheAskedDtype(DType dtype, @TempDir Path dir) {
        SyntheticModel.write(dir, SMALL, dtype, 1);
        try (GptjModel model = GptjModel.load(dir); CpuBackend backend = new CpuBackend(model);
             KvCache cache = backend.newCache(4)) {
            assertEquals(dtype, model.dtype());
            assertEquals(SMALL.parameterCount(), model.parameterCount());
            assertEquals(SMALL.parameterCount() * dtype.bytes(), model.checkpoint().parameterBytes());
            assertTrue(model.checkpoint().tensors().values().stream().allMatch(t -> t.dtype() == dtype));
            float[] logits = backend.forward(cache, new int[] {50256, 1, 2}, false).lastLogits();
            assertEquals(50400, logits.length);
            for (float logit : logits) {
                assertTrue(Float.isFinite(logit));
            }
        }
    }

    @Test
    void weightsFollowHuggingFacesInitialisation(@TempDir Path dir) {
        SyntheticModel.write(dir, SMALL, DType.F32, 7);
        try (GptjModel model = GptjModel.load(dir)) {
            Tensor fcIn = model.checkpoint().tensor("transformer.h.1.mlp.fc_in.weight");
            double sum = 0;
            double squares = 0;
            for (long i = 0; i < fcIn.elementCount(); i++) {
                sum += fcIn.getFloat(i);
                squares += (double) fcIn.getFloat(i) * fcIn.getFloat(i);
            }
            double mean = sum / fcIn.elementCount();
            double std = Math.sqrt(squares / fcIn.elementCount() - mean * mean);
            assertEquals(0.02, std, 0.001, "initializer_range 0.02 over " + fcIn.elementCount() + " weights");
            assertEquals(0.0, mean, 0.001);
            assertConstant(model.checkpoint().tensor("transformer.h.0.ln_1.weight"), 1f);
            assertConstant(model.checkpoint().tensor("transformer.h.0.ln_1.bias"), 0f);
            assertConstant(model.checkpoint().tensor("transformer.ln_f.weight"), 1f);
            assertConstant(model.checkpoint().tensor("lm_head.bias"), 0f);
        }
    }

    @Test
    void sameSeedWritesTheSameBytesAndAnotherSeedOthers(@TempDir Path dir) throws IOException {
        SyntheticModel.write(dir.resolve("a"), SMALL, DType.F16, 3);
        SyntheticModel.write(dir.resolve("b"), SMALL, DType.F16, 3);
        SyntheticModel.write(dir.resolve("c"), SMALL, DType.F16, 4);
        byte[] a = Files.readAllBytes(dir.resolve("a/model.safetensors"));
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("b/model.safetensors")));
        assertFalse(Arrays.equals(a, Files.readAllBytes(dir.resolve("c/model.safetensors"))));
        assertEquals(Files.readString(dir.resolve("a/config.json")), Files.readString(dir.resolve("c/config.json")));
    }

    @Test
    void writesTheGpt2TokenizerFilesPygmalionShips(@TempDir Path dir) {
        SyntheticModel.write(dir, SMALL, DType.F16, 1);
        for (String file : new String[] {"vocab.json", "merges.txt", "added_tokens.json", "special_tokens_map.json", "tokenizer_config.json"}) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }
        try (GptjTokenizer tokenizer = GptjTokenizer.load(dir)) {
            assertArrayEquals(new int[] {15496, 995, 11, 703, 389, 345, 30}, tokenizer.encode("Hello world, how are you?"));
        }
    }

    private static void assertConstant(Tensor tensor, float value) {
        for (long i = 0; i < tensor.elementCount(); i++) {
            assertEquals(value, tensor.getFloat(i), tensor.name() + "[" + i + "]");
        }
    }
}
